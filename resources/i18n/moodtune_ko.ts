<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop/ui/about_dialog.py" line="12" />
        <source>About Moodtune</source>
        <translation>Moodtune 정보</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about_dialog.py" line="13" />
        <source>&lt;h3&gt;Moodtune {0}&lt;/h3&gt;&lt;p&gt;Reads the emotions of a short Korean text and recommends songs whose lyrics feel the same. Everything runs on this computer; nothing is sent anywhere.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Emotion model&lt;/b&gt; {1}: multilingual-e5-small (MIT, intfloat) fine-tuned on AI-Hub Korean emotion dialogue data.&lt;br&gt;&lt;b&gt;Song catalog&lt;/b&gt; {2}: {3} Melon chart songs; only metadata and emotion numbers are stored, never lyrics.&lt;/p&gt;&lt;p&gt;Font: NanumGothic, SIL Open Font License 1.1. Qt 6 / PySide6 (LGPLv3), ONNX Runtime (MIT), Hugging Face tokenizers (Apache-2.0), peewee (MIT).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Moodtune {0}&lt;/h3&gt;&lt;p&gt;짧은 한국어 글의 감정을 읽고, 가사가 같은 감정을 담은 노래를 추천합니다. 모든 처리는 이 컴퓨터에서만 이루어지며 어떤 정보도 밖으로 보내지 않습니다.&lt;/p&gt;&lt;p&gt;&lt;b&gt;감정 모델&lt;/b&gt; {1}: AI-Hub 한국어 감정 대화 데이터로 미세 조정한 multilingual-e5-small (MIT, intfloat).&lt;br&gt;&lt;b&gt;노래 목록&lt;/b&gt; {2}: 멜론 차트 노래 {3}곡. 가사는 저장하지 않고 곡 정보와 감정 수치만 담았습니다.&lt;/p&gt;&lt;p&gt;글꼴: 나눔고딕, SIL Open Font License 1.1. Qt 6 / PySide6 (LGPLv3), ONNX Runtime (MIT), Hugging Face tokenizers (Apache-2.0), peewee (MIT).&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AnalysisThread</name>
    <message>
        <location filename="../../desktop/ui/analysis_worker.py" line="43" />
        <source>The text could not be analysed ({0}). Details are in the log.</source>
        <translation>글을 분석하지 못했습니다 ({0}). 자세한 내용은 로그에 있습니다.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="37" />
        <source>Details are in the log file:
{0}</source>
        <translation>자세한 내용은 로그 파일에 있습니다:
{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="62" />
        <source>Moodtune ran into a problem</source>
        <translation>Moodtune에 문제가 생겼습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="114" />
        <source>Your saved data is damaged</source>
        <translation>저장된 데이터가 손상되었습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="116" />
        <source>Move it aside and start fresh</source>
        <translation>손상된 파일을 옆으로 옮기고 새로 시작</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="125" />
        <location filename="../../desktop/ui/app.py" line="158" />
        <location filename="../../desktop/ui/app.py" line="163" />
        <source>Moodtune cannot start</source>
        <translation>Moodtune을 시작할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>EmotionBars</name>
    <message>
        <location filename="../../desktop/ui/emotion_bars.py" line="27" />
        <source>Emotions in your text</source>
        <translation>글에 담긴 감정</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/emotion_bars.py" line="40" />
        <source>{0}: click to say this is how you feel; click again to go back to the text's emotions</source>
        <translation>{0}: 누르면 '지금 내 기분'으로 정하고, 다시 누르면 글의 감정으로 돌아갑니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/emotion_bars.py" line="42" />
        <source>I feel {0}</source>
        <translation>내 기분은 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/emotion_bars.py" line="72" />
        <source>no text yet</source>
        <translation>아직 글이 없습니다</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="21" />
        <source>Genre</source>
        <translation>장르</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="24" />
        <location filename="../../desktop/ui/filter_bar.py" line="106" />
        <source>All genres</source>
        <translation>모든 장르</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="37" />
        <source>From year</source>
        <translation>시작 연도</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="37" />
        <source>To year</source>
        <translation>끝 연도</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="43" />
        <source>Hide disliked songs</source>
        <translation>싫어요 한 노래 숨기기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="44" />
        <source>Unknown year</source>
        <translation>연도 미상</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="45" />
        <source>With a year range set, also show songs whose release year is unknown</source>
        <translation>연도 범위를 정해도 발매 연도를 모르는 노래를 함께 보여 줍니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="47" />
        <source>&amp;Genre</source>
        <translation>장르(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="49" />
        <source>&amp;Years</source>
        <translation>연도(&amp;Y)</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="34" />
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="43" />
        <source>Clear history</source>
        <translation>기록 지우기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="59" />
        <source>(text not stored)</source>
        <translation>(글은 저장하지 않음)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="80" />
        <source>Use this text again</source>
        <translation>이 글 다시 쓰기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="81" />
        <source>Delete this entry</source>
        <translation>이 기록 지우기</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="97" />
        <source>How do you feel? e.g. 오늘 너무 행복해 · 비 오는 날 괜히 우울하다</source>
        <translation>지금 기분이 어떤가요? 예: 오늘 너무 행복해 · 비 오는 날 괜히 우울하다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="98" />
        <source>Your text</source>
        <translation>내 글</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="103" />
        <source>Character count</source>
        <translation>글자 수</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="106" />
        <source>Find songs</source>
        <translation>노래 찾기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="107" />
        <source>Analyse now (Ctrl+Enter)</source>
        <translation>지금 분석 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="115" />
        <source>Main emotion</source>
        <translation>주된 감정</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="141" />
        <source>Emotions</source>
        <translation>감정</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="189" />
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="209" />
        <source>Model {0} · catalog {1} · {2} songs</source>
        <translation>모델 {0} · 노래 목록 {1} · {2}곡</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="226" />
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="227" />
        <source>&amp;Export feedback…</source>
        <translation>피드백 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="233" />
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="236" />
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="237" />
        <source>&amp;Analyse now</source>
        <translation>지금 분석(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="238" />
        <source>&amp;Like selected song</source>
        <translation>선택한 노래 좋아요(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="239" />
        <source>&amp;Dislike selected song</source>
        <translation>선택한 노래 싫어요(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="241" />
        <source>&amp;Undo last vote</source>
        <translation>마지막 평가 되돌리기(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="245" />
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="249" />
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="252" />
        <source>&amp;History</source>
        <translation>기록(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="255" />
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="256" />
        <source>&amp;About Moodtune</source>
        <translation>Moodtune 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="281" />
        <source>Type a short text – a status message or a line of your diary.</source>
        <translation>상태 메시지나 일기 한 줄처럼 짧은 글을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="288" />
        <source>Reading a long text…</source>
        <translation>긴 글을 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="129" />
        <source>Mood mode</source>
        <translation>기분 모드</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="130" />
        <source>Match my mood</source>
        <translation>지금 기분에 맞게</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="131" />
        <source>Lift my mood</source>
        <translation>기분을 끌어올리게</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="132" />
        <source>Emotion only</source>
        <translation>감정만 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="134" />
        <source>Match: songs that feel like your text and are about the same things.
Lift: for a low mood, songs that move toward comfort and happiness, still on topic.
Emotion only: the original rule, same main emotion first.</source>
        <translation>지금 기분에 맞게: 내 글과 느낌이 같고 같은 이야기를 하는 노래.
기분을 끌어올리게: 가라앉은 기분일 때 위로와 행복 쪽으로 이끄는 노래 (주제는 그대로).
감정만 보기: 기존 방식, 주된 감정이 같은 노래 먼저.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="145" />
        <source>&amp;Songs that</source>
        <translation>추천 방식(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="151" />
        <source>Songs are ranked by how close their lyrics' emotions are to yours and by how close they are to what your text is about. Match shows both together. ♡ a song to see more like it for this mood; ✕ hides it.</source>
        <translation>가사의 감정이 내 글과 얼마나 가까운지, 그리고 글의 주제와 얼마나 가까운지로 노래를 정렬합니다. '일치'는 둘을 합친 값입니다. ♡를 누르면 이런 기분일 때 비슷한 노래가 더 올라오고, ✕를 누르면 그 노래를 숨깁니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="228" />
        <source>Export &amp;playlist…</source>
        <translation>플레이리스트 내보내기(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="230" />
        <source>&amp;Open the first 10 on Melon</source>
        <translation>멜론에서 상위 10곡 열기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="250" />
        <source>My &amp;votes…</source>
        <translation>내 평가(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="350" />
        <source>{0} (you chose)</source>
        <translation>{0} (직접 선택)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="363" />
        <source>No song matches these filters.</source>
        <translation>이 조건에 맞는 노래가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="397" />
        <source>Your vote was not saved</source>
        <translation>평가를 저장하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="401" />
        <source>Liked “{0}”</source>
        <translation>“{0}” 좋아요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="401" />
        <source>Disliked “{0}” – it leaves the list for this mood</source>
        <translation>“{0}” 싫어요 – 이런 기분일 때 목록에서 빠집니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="418" />
        <source>The vote was not undone</source>
        <translation>평가를 되돌리지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="422" />
        <source>Vote on “{0}” undone</source>
        <translation>“{0}” 평가를 되돌렸습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="432" />
        <source>Songs by {0} are hidden; Settings → Profile shows them again</source>
        <translation>{0}의 노래를 숨겼습니다. 설정 → 프로필에서 다시 보이게 할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="438" />
        <source>No web browser could be opened; the link is on the clipboard: {0}</source>
        <translation>웹 브라우저를 열 수 없어 링크를 클립보드에 복사했습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="465" />
        <source>Clear history</source>
        <translation>기록 지우기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="466" />
        <source>Delete every entry of your history? This cannot be undone.</source>
        <translation>기록을 모두 지울까요? 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="461" />
        <location filename="../../desktop/ui/main_window.py" line="471" />
        <source>History was not cleared</source>
        <translation>기록을 지우지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="498" />
        <source>Export feedback</source>
        <translation>피드백 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="499" />
        <source>CSV for Excel (*.csv);;JSON (*.json)</source>
        <translation>엑셀용 CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="505" />
        <source>There is no list to export yet.</source>
        <translation>아직 내보낼 목록이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="507" />
        <source>Export playlist</source>
        <translation>플레이리스트 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="508" />
        <source>Playlist with Melon links (*.m3u8);;Text: artist - title (*.txt)</source>
        <translation>멜론 링크 플레이리스트 (*.m3u8);;텍스트: 가수 - 제목 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="492" />
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="517" />
        <source>Saved a playlist of {0} songs to {1}</source>
        <translation>{0}곡 플레이리스트를 {1}에 저장했습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="522" />
        <source>Opened {0} songs on Melon</source>
        <translation>멜론에서 {0}곡을 열었습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="526" />
        <source>Exported {0} votes to {1}</source>
        <translation>평가 {0}개를 {1}에 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="429" />
        <location filename="../../desktop/ui/main_window.py" line="544" />
        <source>Settings were not saved</source>
        <translation>설정을 저장하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="229" />
        <source>&amp;Import feedback…</source>
        <translation>피드백 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="526" />
        <source>Import feedback</source>
        <translation>피드백 가져오기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="527" />
        <source>Moodtune votes (*.csv *.json)</source>
        <translation>Moodtune 평가 파일 (*.csv *.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="536" />
        <source>Import failed</source>
        <translation>가져오기 실패</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="538" />
        <source>Imported {0} votes from {1} ({2} were already there)</source>
        <translation>{1}에서 평가 {0}개를 가져왔어요 (이미 있던 {2}개는 건너뛰었어요)</translation>
    </message>
</context>
<context>
    <name>MoodChart</name>
    <message>
        <location filename="../../desktop/ui/mood_chart.py" line="26" />
        <source>Mood over the last two weeks</source>
        <translation>지난 2주의 기분</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mood_chart.py" line="44" />
        <source>no entries yet</source>
        <translation>아직 기록 없음</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mood_chart.py" line="74" />
        <source>Your moods will show here</source>
        <translation>여기에 기분 변화가 나타납니다</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="34" />
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="40" />
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="43" />
        <source>&amp;Language (after restart)</source>
        <translation>언어(&amp;L) (다시 시작한 뒤 적용)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="47" />
        <source>&amp;Songs to show</source>
        <translation>보여 줄 노래 수(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="48" />
        <source>Keep my texts with votes and history</source>
        <translation>평가와 기록에 내 글도 저장하기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="51" />
        <source>Your data is kept only on this computer, in:
{0}</source>
        <translation>내 데이터는 이 컴퓨터의 다음 폴더에만 저장됩니다:
{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="56" />
        <source>General</source>
        <translation>일반</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="60" />
        <source>Genres you enjoy rank a little higher:</source>
        <translation>좋아하는 장르의 노래가 조금 더 위에 나옵니다:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="62" />
        <source>Preferred genres</source>
        <translation>좋아하는 장르</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="69" />
        <source>Prefer artists of songs I liked</source>
        <translation>좋아요한 노래의 가수를 조금 더 추천</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="72" />
        <source>Artists never shown (right-click a song to add one):</source>
        <translation>보지 않을 가수 (노래를 오른쪽 클릭해 추가):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="74" />
        <source>Artists never shown</source>
        <translation>보지 않을 가수</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="78" />
        <source>Show this artist again</source>
        <translation>이 가수 다시 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="81" />
        <source>Profile</source>
        <translation>취향</translation>
    </message>
</context>
<context>
    <name>SongTable</name>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="98" />
        <source>Recommended songs</source>
        <translation>추천 노래</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="151" />
        <location filename="../../desktop/ui/song_table.py" line="173" />
        <source>Like</source>
        <translation>좋아요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="151" />
        <location filename="../../desktop/ui/song_table.py" line="174" />
        <source>Dislike</source>
        <translation>싫어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="175" />
        <source>Open on Melon</source>
        <translation>멜론에서 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="177" />
        <source>Never show songs by {0}</source>
        <translation>{0}의 노래 다시 보지 않기</translation>
    </message>
</context>
<context>
    <name>SongTableModel</name>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="27" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="27" />
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="27" />
        <source>Artist</source>
        <translation>가수</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="27" />
        <source>Year</source>
        <translation>연도</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="27" />
        <source>Genre</source>
        <translation>장르</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="28" />
        <source>Match</source>
        <translation>일치도</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="28" />
        <source>Emotion</source>
        <translation>감정</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="28" />
        <location filename="../../desktop/ui/song_table.py" line="77" />
        <source>Like</source>
        <translation>좋아요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="28" />
        <location filename="../../desktop/ui/song_table.py" line="79" />
        <source>Dislike</source>
        <translation>싫어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="57" />
        <source>unknown</source>
        <translation>미상</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="68" />
        <source>Like (Ctrl+L)</source>
        <translation>좋아요 (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="70" />
        <source>Dislike (Ctrl+D)</source>
        <translation>싫어요 (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="72" />
        <source>Double-click to open on Melon</source>
        <translation>두 번 클릭하면 멜론에서 엽니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="73" />
        <source>Double-click to search for it on Melon</source>
        <translation>두 번 클릭하면 멜론에서 검색합니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="77" />
        <source>Liked</source>
        <translation>좋아요 함</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="79" />
        <source>Disliked</source>
        <translation>싫어요 함</translation>
    </message>
</context>
<context>
    <name>VotesDialog</name>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="35" />
        <source>My votes</source>
        <translation>내 평가</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="37" />
        <source>Show</source>
        <translation>보기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="38" />
        <source>All votes</source>
        <translation>모든 평가</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="38" />
        <source>Liked</source>
        <translation>좋아요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="38" />
        <source>Disliked</source>
        <translation>싫어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="42" />
        <source>When</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="42" />
        <source>Vote</source>
        <translation>평가</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="42" />
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="42" />
        <source>Artist</source>
        <translation>가수</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="43" />
        <source>Your text</source>
        <translation>내 글</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="50" />
        <source>&amp;Remove vote</source>
        <translation>평가 지우기(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="52" />
        <source>&amp;Open on Melon</source>
        <translation>멜론에서 열기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="54" />
        <source>Reset &amp;all…</source>
        <translation>모두 초기화(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="56" />
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="78" />
        <source>Your votes cannot be read</source>
        <translation>평가를 읽을 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="85" />
        <source>(text not stored)</source>
        <translation>(글은 저장하지 않음)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="105" />
        <source>The vote was not removed</source>
        <translation>평가를 지우지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="117" />
        <source>Reset all votes</source>
        <translation>모든 평가 초기화</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="118" />
        <source>Delete all your likes and dislikes? Rankings go back to how they were before you voted. This cannot be undone.</source>
        <translation>좋아요와 싫어요를 모두 지울까요? 추천 순위가 평가하기 전으로 돌아갑니다. 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="124" />
        <source>Your votes were not reset</source>
        <translation>평가를 초기화하지 못했습니다</translation>
    </message>
</context>
</TS>