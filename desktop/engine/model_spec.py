"""What each shipped ONNX model is, described once for the exporters and the run time.

Why a frozen description (as fastembed does for its models): the exporter that writes
a model and the engine that runs it must agree on the file name, the output, the
prefixes and the window length; keeping those facts in one place means they cannot
drift apart.  Per-build facts (version, sha256, prefix token ids) live in the model's
card, a JSON file next to it, written by the exporter.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelSpec:
    name: str
    file: str  # ONNX file inside model/
    card: str  # JSON file inside model/: version, sha256, max_length, special tokens
    output: str  # name of the graph output used
    dim: int  # width of that output
    pooling: str  # how windows of one long text are combined: "probabilities" | "embedding"
    query_prefix: str = ""  # e5 retrieval prefixes; empty for the classifier
    passage_prefix: str = ""
    max_length: int = 128  # tokens per window, special tokens included
    max_windows: int = 2  # windows read from one long text, spread evenly over it (bounded latency)
    embedding_output: str = ""  # a second output read in the same run: unit e5 "query" vectors
    embedding_dim: int = 0
    # The encoder's position table (e5-small / XLM-R: 512 tokens); a card's max_length above it made
    # onnxruntime fail with InvalidArgument on a long text (measured: 512 runs, 513 fails).
    max_positions: int = 512
    # sha256 fields the card must carry (a card without them is refused: the check cannot be turned off
    # by deleting a line) and the file each one covers.
    checksums: tuple[tuple[str, str], ...] = (("sha256", ""),)


# Two windows (a long text's first and last 123 tokens): a pasted megabyte answers as fast as two
# short texts, whatever its length (figures: docs/BENCHMARKS.md).
# One encoder, two outputs: the emotion logits and, from the same run, an e5 "query" embedding
# distilled from raw e5 (training/train_joint.py), comparable with the catalog's raw e5 "passage"
# song vectors.  It reads every text as e5 reads a query ("query: " + text; ids in the card).
EMOTION = ModelSpec(
    name="moodtune-emotion",
    file="emotion.onnx",
    card="config.json",
    output="logits",
    dim=7,
    pooling="probabilities",
    query_prefix="query: ",
    embedding_output="embedding",
    embedding_dim=384,
    checksums=(
        ("sha256", "emotion.onnx"),
        ("tokenizer_sha256", "tokenizer.json"),
        ("topic_index_sha256", "topic_index.onnx"),
    ),
)
# Raw e5 for the offline catalog build ("passage: " + lyrics); not shipped with the app.
TOPIC = ModelSpec(
    name="moodtune-topic",
    file="topic.int8.onnx",
    card="topic.json",
    output="embedding",
    dim=384,
    pooling="embedding",
    query_prefix="query: ",
    passage_prefix="passage: ",
)
TOKENIZER_FILE = "tokenizer.json"  # shared: both encoders use the same pruned vocabulary
