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
        <translation>&lt;h3&gt;Moodtune {0}&lt;/h3&gt;&lt;p&gt;짧은 한국어 글의 감정을 읽고, 가사가 같은 감정을 담은 노래를 추천해요. 모든 처리는 이 컴퓨터에서만 이루어지고 어떤 정보도 밖으로 보내지 않아요.&lt;/p&gt;&lt;p&gt;&lt;b&gt;감정 모델&lt;/b&gt; {1}: AI-Hub 한국어 감정 대화 데이터로 미세 조정한 multilingual-e5-small (MIT, intfloat).&lt;br&gt;&lt;b&gt;곡 데이터&lt;/b&gt; {2}: 멜론 차트 노래 {3}곡. 가사는 저장하지 않고 곡 정보와 감정 수치만 담았어요.&lt;/p&gt;&lt;p&gt;글꼴: 나눔고딕, SIL Open Font License 1.1. Qt 6 / PySide6 (LGPLv3), ONNX Runtime (MIT), Hugging Face tokenizers (Apache-2.0), peewee (MIT).&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AnalysisThread</name>
    <message>
        <location filename="../../desktop/ui/analysis_worker.py" line="43" />
        <source>The text could not be analysed ({0}). Details are in the log.</source>
        <translation>글을 분석하지 못했어요 ({0}). 자세한 내용은 로그에 있어요.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/ui/app.py" line="121" />
        <source>Your saved data is damaged</source>
        <translation>저장된 데이터가 손상됐어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="124" />
        <source>Keep the damaged file aside and start fresh</source>
        <translation>손상된 파일은 따로 보관하고 새로 시작</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="133" />
        <source>Moodtune cannot start</source>
        <translation>Moodtune을 시작할 수 없어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="37" />
        <source>A file could not be read or written. Check the folder's permissions and the free disk space, then try again.</source>
        <translation>파일을 읽거나 쓰지 못했어요. 폴더 권한과 남은 디스크 공간을 확인한 뒤 다시 시도해 주세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="40" />
        <source>Something unexpected went wrong. What you already saved is kept.</source>
        <translation>예상하지 못한 문제가 생겼어요. 이미 저장한 내용은 그대로 있어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="51" />
        <source>Details are in the log file:
{0}</source>
        <translation>자세한 내용은 로그 파일에 있어요:
{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="83" />
        <source>Moodtune ran into a problem</source>
        <translation>Moodtune에 문제가 생겼어요</translation>
    </message>
</context>
<context>
    <name>EmotionBars</name>
    <message>
        <location filename="../../desktop/ui/emotion_bars.py" line="25" />
        <source>Emotions in your text</source>
        <translation>글에 담긴 감정</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/emotion_bars.py" line="38" />
        <source>Click to say this is how you feel ({0}); click again to go back to the text's emotions</source>
        <translation>누르면 지금 내 기분을 ‘{0}’(으)로 정하고, 다시 누르면 글의 감정으로 돌아가요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/emotion_bars.py" line="40" />
        <source>How I feel: {0}</source>
        <translation>지금 내 기분: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/emotion_bars.py" line="70" />
        <source>no text yet</source>
        <translation>아직 글이 없어요</translation>
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
        <translation>마지막 연도</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="43" />
        <source>Unknown year</source>
        <translation>연도 미상</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="44" />
        <source>Hide disliked songs</source>
        <translation>싫어요한 노래 숨기기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="45" />
        <source>With a year range set, also show songs whose release year is unknown</source>
        <translation>연도 범위를 정해도 발매 연도를 모르는 노래를 함께 보여 줘요 (범위 안의 노래 다음에)</translation>
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
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="1" />
        <source>Tick one genre or several; the menu stays open until you click outside it</source>
        <translation>장르를 하나나 여러 개 고를 수 있어요. 바깥을 누를 때까지 메뉴가 열려 있어요.</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="38" />
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="47" />
        <source>Clear history</source>
        <translation>기록 지우기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="63" />
        <source>(text not stored)</source>
        <translation>(글은 저장하지 않음)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="85" />
        <source>Load this text again</source>
        <translation>이 글 다시 불러오기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_panel.py" line="86" />
        <source>Delete this entry</source>
        <translation>이 기록 지우기</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>&amp;Copy the list as text</source>
        <translation>목록을 텍스트로 복사(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>M3U8 of your {0} files – it plays in a music player (*.m3u8);;Text: artist - title and file (*.txt)</source>
        <translation>내 파일 {0}곡의 M3U8 – 음악 플레이어에서 재생돼요 (*.m3u8);;텍스트: 가수 - 제목과 파일 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>M3U8 – your {1} files play in a music player, the other songs are {0} web pages for a browser (*.m3u8);;Text: artist - title, and the file for yours (*.txt)</source>
        <translation>M3U8 – 내 파일 {1}곡은 음악 플레이어에서 재생되고, 나머지는 브라우저에서 여는 {0} 웹 페이지예요 (*.m3u8);;텍스트: 가수 - 제목, 내 노래는 파일까지 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Saved a playlist of {0} songs to {1}; {2} of them play from your files</source>
        <translation>{0}곡 플레이리스트를 {1}에 저장했어요. 그중 {2}곡은 내 파일로 재생돼요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>There is no list to copy yet.</source>
        <translation>아직 복사할 목록이 없어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Copied {0} songs to the clipboard as text</source>
        <translation>{0}곡을 텍스트로 클립보드에 복사했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="128" />
        <source>How do you feel? e.g. 오늘 너무 행복해 · 비 오는 날 괜히 우울하다</source>
        <translation>지금 기분이 어떤가요? 예: 오늘 너무 행복해 · 비 오는 날 괜히 우울하다</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="129" />
        <source>Your text</source>
        <translation>내 글</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="134" />
        <source>Character count</source>
        <translation>글자 수</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="137" />
        <source>Find songs</source>
        <translation>노래 찾기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="138" />
        <source>Find songs now and keep the text in the history (Enter; Shift+Enter starts a new line)</source>
        <translation>지금 노래를 찾고 이 글을 기록에 남겨요 (Enter, 줄을 바꾸려면 Shift+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="147" />
        <source>Main emotion</source>
        <translation>주된 감정</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="162" />
        <source>Match my mood</source>
        <translation>지금 기분에 맞게</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="163" />
        <source>Lift my mood</source>
        <translation>기분이 나아지게</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="164" />
        <source>Match the emotion only</source>
        <translation>감정만 맞추기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="166" />
        <source>Match my mood: songs that feel like your text and are about the same things.
Lift my mood: for a low mood, songs that move toward comfort and happiness, still on topic.
Match the emotion only: songs with the same main emotion first, whatever they are about.</source>
        <translation>지금 기분에 맞게: 내 글과 느낌이 같고 같은 이야기를 하는 노래예요.
기분이 나아지게: 가라앉은 기분일 때 위로와 행복 쪽으로 이끄는 노래예요 (주제는 그대로).
감정만 맞추기: 무슨 이야기인지와 상관없이 주된 감정이 같은 노래를 먼저 보여 줘요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="173" />
        <source>Emotions</source>
        <translation>감정</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="177" />
        <source>&amp;Recommend by</source>
        <translation>추천 방식(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="184" />
        <source>Songs are ranked by whether they are about a situation like yours, in a tone like yours, and by their lyrics' emotions; familiar songs come first among equals. Match shows it all together. ♡ a song to see more like it for this mood; ✕ hides it.</source>
        <translation>지금 내 상황과 닮은 노래인지, 분위기가 비슷한지, 가사의 감정이 가까운지로 노래를 정렬해요. 비슷하면 많이 알려진 노래가 먼저 나와요. ‘일치도’는 이것을 모두 합친 값이에요. ♡를 누르면 이런 기분일 때 비슷한 노래가 더 올라오고, ✕를 누르면 그 노래가 빠져요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="200" />
        <source>Clear filters</source>
        <translation>필터 해제</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="202" />
        <source>Update the list with your votes (F5)</source>
        <translation>내 평가 반영하기 (F5)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="203" />
        <source>Your votes change the ranking; the list stays as it is until you update it or write a new text</source>
        <translation>평가는 추천 순위를 바꿔요. 반영하거나 새 글을 쓰기 전까지 목록은 그대로예요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="245" />
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="264" />
        <source>The filters you set last time are on</source>
        <translation>지난번에 정한 필터가 켜져 있어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="336" />
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="337" />
        <source>&amp;Export feedback…</source>
        <translation>평가 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="338" />
        <source>Export &amp;playlist…</source>
        <translation>플레이리스트 내보내기(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="340" />
        <source>&amp;Open the first 10 on {0}</source>
        <translation>{0}에서 상위 10곡 열기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="343" />
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="346" />
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="347" />
        <source>&amp;Analyse now</source>
        <translation>지금 분석(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="348" />
        <source>&amp;Like selected song</source>
        <translation>선택한 노래 좋아요(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="349" />
        <source>&amp;Dislike selected song</source>
        <translation>선택한 노래 싫어요(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="351" />
        <source>&amp;Undo vote</source>
        <translation>평가 되돌리기(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="353" />
        <source>&amp;Redo vote</source>
        <translation>평가 다시 하기(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="360" />
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="364" />
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="365" />
        <source>&amp;Update the list</source>
        <translation>목록에 평가 반영하기(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="366" />
        <source>Go to the song &amp;list</source>
        <translation>노래 목록으로 가기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="367" />
        <source>Go to the &amp;text</source>
        <translation>글 입력란으로 가기(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="369" />
        <source>My &amp;votes…</source>
        <translation>내 평가(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="371" />
        <source>&amp;History</source>
        <translation>기록(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="374" />
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="375" />
        <source>&amp;About Moodtune</source>
        <translation>Moodtune 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="422" />
        <source>Type a short text – a status message or a line of your diary.</source>
        <translation>상태 메시지나 일기 한 줄처럼 짧은 글을 입력해 주세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="429" />
        <source>Reading a long text…</source>
        <translation>긴 글을 읽는 중이에요…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="482" />
        <source>{0} (you chose)</source>
        <translation>{0} (직접 선택)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="510" />
        <source>No song matches these filters.</source>
        <translation>이 조건에 맞는 노래가 없어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="520" />
        <source>The list now counts your votes</source>
        <translation>내 평가를 목록에 반영했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="539" />
        <source>disliked songs hidden</source>
        <translation>싫어요한 노래 숨김</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="541" />
        <source>no songs of unknown year</source>
        <translation>연도 미상 제외</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="542" />
        <source>Filters on: {0}</source>
        <translation>필터 사용 중: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="588" />
        <source>Your vote was not saved</source>
        <translation>평가를 저장하지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="604" />
        <source>Vote on “{0}” taken back</source>
        <translation>‘{0}’ 평가를 취소했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="606" />
        <source>Liked “{0}”</source>
        <translation>‘{0}’을(를) 좋아요 했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="608" />
        <source>Disliked “{0}” – it leaves the list when you update it</source>
        <translation>‘{0}’을(를) 싫어요 했어요. 평가를 반영하면 이런 기분일 때는 목록에서 빠져요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="646" />
        <source>&amp;Undo vote on “{0}”</source>
        <translation>‘{0}’ 평가 되돌리기(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="648" />
        <source>&amp;Redo vote on “{0}”</source>
        <translation>‘{0}’ 평가 다시 하기(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="655" />
        <source>The vote was not undone</source>
        <translation>평가를 되돌리지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="658" />
        <source>Vote on “{0}” undone</source>
        <translation>‘{0}’ 평가를 되돌렸어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="665" />
        <source>The vote was not redone</source>
        <translation>평가를 다시 하지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="668" />
        <source>Vote on “{0}” redone</source>
        <translation>‘{0}’ 평가를 다시 했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="675" />
        <source>Settings were not saved</source>
        <translation>설정을 저장하지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="678" />
        <source>Songs by {0} are hidden; Settings → Profile shows them again</source>
        <translation>{0}의 노래를 숨겼어요. 설정 → 취향에서 다시 보이게 할 수 있어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="684" />
        <source>No web browser could be opened; the link is on the clipboard: {0}</source>
        <translation>웹 브라우저를 열 수 없어서 링크를 클립보드에 복사했어요: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="707" />
        <source>History was not cleared</source>
        <translation>기록을 지우지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="711" />
        <source>Clear history</source>
        <translation>기록 지우기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="712" />
        <source>Delete every entry of your history? This cannot be undone.</source>
        <translation>기록을 모두 지울까요? 되돌릴 수 없어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="712" />
        <source>Clear all</source>
        <translation>모두 지우기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="738" />
        <source>Export failed</source>
        <translation>내보내지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="744" />
        <source>Export feedback</source>
        <translation>평가 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="745" />
        <source>CSV for Excel (*.csv);;JSON (*.json)</source>
        <translation>엑셀용 CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="751" />
        <source>There is no list to export yet.</source>
        <translation>아직 내보낼 목록이 없어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="753" />
        <source>Export playlist</source>
        <translation>플레이리스트 내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="763" />
        <source>Saved a playlist of {0} songs to {1}</source>
        <translation>{0}곡 플레이리스트를 {1}에 저장했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="768" />
        <source>Opened {0} songs on {1}</source>
        <translation>{1}에서 {0}곡을 열었어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="772" />
        <source>Exported {0} votes to {1}</source>
        <translation>평가 {0}건을 {1}에 내보냈어요</translation>
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
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>There is no list to open yet.</source>
        <translation>아직 열 목록이 없어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Open songs on {0}</source>
        <translation>{0}에서 노래 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Open {0} songs on {1}? Your web browser opens a tab for each.</source>
        <translation>{1}에서 노래 {0}곡을 열까요? 웹 브라우저에 곡마다 탭이 하나씩 열려요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Open {0} tabs</source>
        <translation>탭 {0}개 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>No web browser could be opened; {0} links are on the clipboard, one a line</source>
        <translation>웹 브라우저를 열 수 없어서 링크 {0}개를 한 줄에 하나씩 클립보드에 복사했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>There are no votes to export yet: ♡ or ✕ a song first.</source>
        <translation>아직 내보낼 평가가 없어요. 먼저 노래에 ♡나 ✕를 눌러 주세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Moodtune &amp;help and shortcuts</source>
        <translation>Moodtune 도움말과 단축키(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Your mood reads as {0}, not low, so there is nothing to lift: the list is the same as with Match my mood.</source>
        <translation>글에서 읽은 기분: {0}. 가라앉은 기분이 아니라서 끌어올릴 게 없어요. ‘지금 기분에 맞게’와 같은 목록이에요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Restart Moodtune</source>
        <translation>Moodtune 다시 시작</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>The new language shows after Moodtune starts again. Restart now?</source>
        <translation>새 언어는 Moodtune을 다시 시작하면 적용돼요. 지금 다시 시작할까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Restart now</source>
        <translation>지금 다시 시작</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Later</source>
        <translation>나중에</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>M3U8 of {0} web pages – they open in a browser, not in a music player (*.m3u8);;Text: artist - title (*.txt)</source>
        <translation>{0} 웹 페이지 목록 M3U8 – 음악 플레이어가 아니라 브라우저에서 열려요 (*.m3u8);;텍스트: 가수 - 제목 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Search the list: title, artist or genre (Ctrl+F)</source>
        <translation>목록에서 찾기: 제목, 가수, 장르 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>Search the list</source>
        <translation>목록에서 찾기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>&amp;Search the list</source>
        <translation>목록에서 찾기(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>{0} of {1} songs</source>
        <translation>{1}곡 중 {0}곡</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="1" />
        <source>No song in the list matches</source>
        <translation>목록에 맞는 노래가 없어요</translation>
    </message>
    <message>
        <source>None of your songs can be ranked yet: add a folder in Music &gt; My music… (songs need lyrics, or to be in the catalog).</source>
        <translation>아직 추천할 수 있는 내 곡이 없어요. 음악 &gt; 내 음악…에서 폴더를 추가해 주세요 (가사가 있거나 곡 데이터에 있는 곡이어야 해요).</translation>
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
    <message>
        <location filename="../../desktop/ui/mood_chart.py" line="1" />
        <source>{0}: no entries</source>
        <translation>{0}: 기록 없음</translation>
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
        <source>&amp;Open songs on</source>
        <translation>노래를 열 곳(&amp;O)</translation>
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
        <translation>내 데이터는 이 컴퓨터의 다음 폴더에만 저장돼요:
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
        <translation>좋아하는 장르의 노래가 조금 더 위에 나와요:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="62" />
        <source>Preferred genres</source>
        <translation>좋아하는 장르</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="69" />
        <source>Prefer artists of songs I liked</source>
        <translation>좋아요한 노래의 가수를 조금 더 추천하기</translation>
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
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="1" />
        <source>Open the data &amp;folder</source>
        <translation>데이터 폴더 열기(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="1" />
        <source>No file manager could be opened; the folder's path is on the clipboard</source>
        <translation>파일 관리자를 열 수 없어서 폴더 경로를 클립보드에 복사했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="1" />
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="1" />
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="1" />
        <source>&amp;Theme</source>
        <translation>화면 테마(&amp;T)</translation>
    </message>
</context>
<context>
    <name>SongTable</name>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="122" />
        <source>Recommended songs</source>
        <translation>추천 노래</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="202" />
        <source>Take the like back</source>
        <translation>좋아요 취소</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="202" />
        <source>Like</source>
        <translation>좋아요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="204" />
        <source>Take the dislike back</source>
        <translation>싫어요 취소</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="204" />
        <source>Dislike</source>
        <translation>싫어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="222" />
        <source>Open on {0}</source>
        <translation>{0}에서 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="224" />
        <source>Never show songs by {0}</source>
        <translation>{0}의 노래 다시 보지 않기</translation>
    </message>
</context>
<context>
    <name>SongTableModel</name>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="33" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="33" />
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="33" />
        <source>Artist</source>
        <translation>가수</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="33" />
        <source>Year</source>
        <translation>연도</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="33" />
        <source>Genre</source>
        <translation>장르</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="34" />
        <source>Match</source>
        <translation>일치도</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="34" />
        <source>Emotion</source>
        <translation>감정</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="34" />
        <source>Like</source>
        <translation>좋아요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="34" />
        <source>Dislike</source>
        <translation>싫어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="66" />
        <source>Match (0-100): how well the song fits your text; a song placed higher by your votes or preferred genres shows at least the figure of the songs below it</source>
        <translation>일치도(0–100): 노래가 내 글과 얼마나 잘 맞는지예요. 내 평가나 좋아하는 장르 덕분에 위로 올라온 노래는 아래 노래보다 낮게 표시하지 않아요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="79" />
        <source>unknown</source>
        <translation>미상</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="91" />
        <source>Like (Ctrl+L)</source>
        <translation>좋아요 (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="93" />
        <source>Dislike (Ctrl+D)</source>
        <translation>싫어요 (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="95" />
        <source>Double-click to open on {0}</source>
        <translation>두 번 클릭하면 {0}에서 열어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="96" />
        <source>Double-click to search for it on {0}</source>
        <translation>두 번 클릭하면 {0}에서 검색해요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="100" />
        <source>Liked</source>
        <translation>좋아요한 노래</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/song_table.py" line="102" />
        <source>Disliked</source>
        <translation>싫어요한 노래</translation>
    </message>
</context>
<context>
    <name>VotesDialog</name>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="66" />
        <source>(text not stored)</source>
        <translation>(글은 저장하지 않음)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="75" />
        <source>One of your own songs (My music)</source>
        <translation>내 음악에 있는 내 노래예요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="75" />
        <source>Liked</source>
        <translation>좋아요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="76" />
        <source>Disliked</source>
        <translation>싫어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="85" />
        <source>My votes</source>
        <translation>내 평가</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="87" />
        <source>Show</source>
        <translation>보기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="88" />
        <source>All votes</source>
        <translation>모든 평가</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="102" />
        <source>&amp;Remove vote</source>
        <translation>평가 지우기(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="104" />
        <source>&amp;Open on {0}</source>
        <translation>{0}에서 열기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="106" />
        <source>Reset &amp;all…</source>
        <translation>모두 초기화(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="108" />
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="130" />
        <source>Your votes cannot be read</source>
        <translation>평가를 읽을 수 없어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="151" />
        <source>The vote was not removed</source>
        <translation>평가를 지우지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="163" />
        <source>Reset all votes</source>
        <translation>모든 평가 초기화</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="164" />
        <source>Delete all your likes and dislikes? Rankings go back to how they were before you voted. This cannot be undone.</source>
        <translation>좋아요와 싫어요를 모두 지울까요? 추천 순위가 평가하기 전으로 돌아가요. 되돌릴 수 없어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="165" />
        <source>Reset all</source>
        <translation>모두 초기화</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="170" />
        <source>Your votes were not reset</source>
        <translation>평가를 초기화하지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="42" />
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="42" />
        <source>When</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="42" />
        <source>Artist</source>
        <translation>가수</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="42" />
        <source>Vote</source>
        <translation>평가</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="43" />
        <source>Your text</source>
        <translation>내 글</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="1" />
        <source>No web browser could be opened; {0} links are on the clipboard, one a line</source>
        <translation>웹 브라우저를 열 수 없어서 링크 {0}개를 한 줄에 하나씩 클립보드에 복사했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="1" />
        <source>No web browser could be opened; the link is on the clipboard: {0}</source>
        <translation>웹 브라우저를 열 수 없어서 링크를 클립보드에 복사했어요: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="1" />
        <source>Take back the selected votes (Delete)</source>
        <translation>선택한 평가를 지워요 (Delete)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/votes_dialog.py" line="1" />
        <source>Removed {0} votes</source>
        <translation>평가 {0}건을 지웠어요</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="22" />
        <source>Getting started</source>
        <translation>시작하기</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="25" />
        <source>How it works</source>
        <translation>이렇게 써요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="31" />
        <source>1. Write how you feel in the box above: a status message or a line of your diary.
2. Moodtune reads its emotions and what it is about, and lists songs whose lyrics fit. Everything stays on this computer.
3. ♡ the songs you like and ✕ the ones you don't: the next lists learn from your votes.</source>
        <translation>1. 위 칸에 지금 기분을 적어요. 상태 메시지나 일기 한 줄이면 충분해요.
2. Moodtune이 글의 감정과 이야기를 읽고 가사가 어울리는 노래를 골라요. 모든 처리는 이 컴퓨터 안에서만 해요.
3. 마음에 드는 노래는 ♡, 아닌 노래는 ✕를 눌러요. 다음 목록부터 내 평가를 반영해요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="37" />
        <source>Or try an example:</source>
        <translation>예시로 해 보기:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="43" />
        <source>Find songs for “{0}”</source>
        <translation>‘{0}’에 어울리는 노래 찾기</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>Moodtune help</source>
        <translation>Moodtune 도움말</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>Write how you feel – a status message or a line of your diary – and songs whose lyrics feel the same appear as you type. Enter keeps the text in the history.

♡ a song to see more like it for this mood; ✕ hides it. The list keeps its order while you vote: Update the list (F5) or a new text counts your votes. Ctrl+Z takes a vote back.

Recommend by: “Match my mood” finds songs that feel like your text and are about the same things; “Lift my mood” moves a low mood toward comfort and happiness (a happy text is already there, so it ranks like Match my mood); “Match the emotion only” puts songs with the same main emotion first, whatever they are about.

Click an emotion name to say “this is how I feel” instead of what the text reads as.</source>
        <translation>지금 기분을 상태 메시지나 일기 한 줄처럼 적어 보세요. 입력하는 동안 가사가 같은 감정을 담은 노래가 나와요. Enter를 누르면 글이 기록에 남아요.

♡를 누르면 이런 기분일 때 비슷한 노래가 더 올라오고, ✕를 누르면 그 노래가 빠져요. 평가하는 동안 목록 순서는 그대로예요. 목록에 평가 반영하기(F5)를 누르거나 새 글을 쓰면 평가가 반영돼요. Ctrl+Z로 평가를 되돌릴 수 있어요.

추천 방식: ‘지금 기분에 맞게’는 글과 느낌이 비슷하고 같은 이야기를 하는 노래를 찾아요. ‘기분이 나아지게’는 가라앉은 기분을 위로와 행복 쪽으로 끌어올려요 (행복한 글은 이미 그쪽이라 ‘지금 기분에 맞게’와 같은 순서가 돼요). ‘감정만 맞추기’는 내용과 상관없이 주된 감정이 같은 노래를 먼저 보여 줘요.

감정 이름을 누르면 글에서 읽은 감정 대신 ‘지금 내 기분은 이거예요’라고 정할 수 있어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>In the text: find songs and keep the text in the history</source>
        <translation>글 상자: 노래를 찾고 글을 기록에 남겨요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>In the text: start a new line</source>
        <translation>글 상자: 줄을 바꿔요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>In the list: reach a song's ♡ and ✕, and vote</source>
        <translation>목록: 노래의 ♡와 ✕로 옮겨 가서 평가해요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>In the list: open the selected song on your streaming service (or double-click it)</source>
        <translation>목록: 선택한 노래를 설정한 음악 서비스에서 열어요 (두 번 클릭해도 돼요)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>In the history or My votes: delete the selected entries</source>
        <translation>기록이나 내 평가: 선택한 항목을 지워요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>Go to the next control</source>
        <translation>다음 항목으로 이동해요</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help_dialog.py" line="1" />
        <source>What it does</source>
        <translation>하는 일</translation>
    </message>
</context>
<context>
    <name>LibraryDialog</name>
    <message>
        <source>&amp;Add a folder…</source>
        <translation>폴더 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Cancel import</source>
        <translation>가져오기 취소(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Rescan</source>
        <translation>다시 읽기(&amp;R)</translation>
    </message>
    <message>
        <source>Add a folder of music</source>
        <translation>음악 폴더 추가</translation>
    </message>
    <message>
        <source>Add a folder of your music. Moodtune reads each file's tags and lyrics (or a .lrc/.txt file beside it) and never changes your files.</source>
        <translation>내 음악 폴더를 추가해 보세요. Moodtune은 파일마다 태그와 가사(또는 옆에 있는 .lrc/.txt 파일)를 읽기만 하고, 파일은 절대 바꾸지 않아요.</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>아티스트</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Import cancelled. What was read is kept; Rescan continues from there.</source>
        <translation>가져오기를 취소했어요. 읽은 곡은 그대로 남아 있고, 다시 읽기를 누르면 이어서 읽어요.</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>가져오기 진행률</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>파일 안</translation>
    </message>
    <message>
        <source>Looking for music files…</source>
        <translation>음악 파일을 찾는 중이에요…</translation>
    </message>
    <message>
        <source>Lyrics</source>
        <translation>가사</translation>
    </message>
    <message>
        <source>My music</source>
        <translation>내 음악</translation>
    </message>
    <message>
        <source>No music yet: add a folder.</source>
        <translation>아직 음악이 없어요. 폴더를 추가해 보세요.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Ranked</source>
        <translation>추천 대상</translation>
    </message>
    <message>
        <source>Read new and changed files again; drop files that are gone</source>
        <translation>새 파일과 바뀐 파일을 다시 읽고, 사라진 파일은 목록에서 빼요</translation>
    </message>
    <message>
        <source>Reading lyrics: {0} of {1} songs</source>
        <translation>가사 읽는 중: {1}곡 중 {0}곡</translation>
    </message>
    <message>
        <source>Reading tags: {0} of {1} files</source>
        <translation>태그 읽는 중: 파일 {1}개 중 {0}개</translation>
    </message>
    <message>
        <source>Stopping… what was read so far is kept.</source>
        <translation>멈추는 중이에요… 지금까지 읽은 곡은 남아 있어요.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>Yes (catalog song)</source>
        <translation>예 (곡 데이터에 있는 곡)</translation>
    </message>
    <message>
        <source>{0} is not a folder.</source>
        <translation>{0}은(는) 폴더가 아니에요.</translation>
    </message>
    <message>
        <source>{0} songs, {1} ranked. Double-click a song to play it.</source>
        <translation>{0}곡 중 {1}곡을 추천할 수 있어요. 곡을 두 번 클릭하면 재생해요.</translation>
    </message>
    <message>
        <source>Folder could not be opened</source>
        <translation>폴더를 열 수 없어요</translation>
    </message>
    <message>
        <source>Folder reached again through a link: skipped</source>
        <translation>링크로 같은 폴더에 다시 닿아서 건너뛰었어요</translation>
    </message>
    <message>
        <source>Lyrics mostly not Korean, or too short to read</source>
        <translation>가사가 대부분 한국어가 아니거나 너무 짧아요</translation>
    </message>
    <message>
        <source>Lyrics not read yet</source>
        <translation>아직 가사를 읽지 않았어요</translation>
    </message>
    <message>
        <source>No lyrics: add a .lrc or .txt file with the same name</source>
        <translation>가사가 없어요. 같은 이름의 .lrc나 .txt 파일을 넣어 주세요</translation>
    </message>
    <message>
        <source>Not a readable audio file</source>
        <translation>읽을 수 없는 오디오 파일이에요</translation>
    </message>
</context>
<context>
    <name>LibraryImport</name>
    <message>
        <source>Your music could not be read ({0}). Details are in the log.</source>
        <translation>내 음악을 읽지 못했어요 ({0}). 자세한 내용은 로그에 있어요.</translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <source>The built-in player needs the system library libpulse0 (PulseAudio), which is missing: songs open in your system's player.</source>
        <translation>내장 플레이어에 필요한 시스템 라이브러리 libpulse0(PulseAudio)이 없어요. 곡은 컴퓨터의 기본 플레이어로 열려요.</translation>
    </message>
    <message>
        <source>Next song</source>
        <translation>다음 곡</translation>
    </message>
    <message>
        <source>Next song (Ctrl+Alt+Right)</source>
        <translation>다음 곡 (Ctrl+Alt+→)</translation>
    </message>
    <message>
        <source>None of these songs is in your music library.</source>
        <translation>이 목록에는 내 음악에 있는 곡이 없어요.</translation>
    </message>
    <message>
        <source>Nothing playing</source>
        <translation>재생 중인 곡 없음</translation>
    </message>
    <message>
        <source>Now playing</source>
        <translation>지금 재생 중</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>재생 또는 일시 정지</translation>
    </message>
    <message>
        <source>Play or pause (Ctrl+P)</source>
        <translation>재생 또는 일시 정지 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Position in the song</source>
        <translation>곡 재생 위치</translation>
    </message>
    <message>
        <source>Previous song</source>
        <translation>이전 곡</translation>
    </message>
    <message>
        <source>Previous song (Ctrl+Alt+Left)</source>
        <translation>이전 곡 (Ctrl+Alt+←)</translation>
    </message>
    <message>
        <source>The built-in player needs Qt Multimedia (PySide6-Addons), which is not installed: songs open in your system's player.</source>
        <translation>내장 플레이어에 필요한 Qt Multimedia(PySide6-Addons)가 설치되어 있지 않아요. 곡은 컴퓨터의 기본 플레이어로 열려요.</translation>
    </message>
    <message>
        <source>The song could not be opened: {0}</source>
        <translation>곡을 열 수 없어요: {0}</translation>
    </message>
    <message>
        <source>This file cannot be played: {0}</source>
        <translation>이 파일은 재생할 수 없어요: {0}</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>음량</translation>
    </message>
    <message>
        <source>Volume (Ctrl+Alt+Up / Ctrl+Alt+Down)</source>
        <translation>음량 (Ctrl+Alt+↑ / Ctrl+Alt+↓)</translation>
    </message>
</context>
<context>
    <name>WindowMusic</name>
    <message>
        <source>&amp;Like the playing song</source>
        <translation>재생 중인 곡 좋아요(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Music</source>
        <translation>음악(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;My music…</source>
        <translation>내 음악(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Next song</source>
        <translation>다음 곡(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Play this list (your songs)</source>
        <translation>이 목록 재생(&amp;P) (내 곡만)</translation>
    </message>
    <message>
        <source>D&amp;islike the playing song</source>
        <translation>재생 중인 곡 싫어요(&amp;I)</translation>
    </message>
    <message>
        <source>My music only</source>
        <translation>내 음악만</translation>
    </message>
    <message>
        <source>Nothing is playing.</source>
        <translation>재생 중인 곡이 없어요.</translation>
    </message>
    <message>
        <source>Only songs from your own music folders (Music &gt; My music…)</source>
        <translation>내 음악 폴더에 있는 곡만 추천해요 (음악 &gt; 내 음악…)</translation>
    </message>
    <message>
        <source>P&amp;revious song</source>
        <translation>이전 곡(&amp;R)</translation>
    </message>
    <message>
        <source>Play / &amp;pause</source>
        <translation>재생 / 일시 정지(&amp;P)</translation>
    </message>
    <message>
        <source>The playing song is not in this list, so it cannot be voted on for this mood.</source>
        <translation>재생 중인 곡이 이 목록에 없어서, 지금 기분에 대한 투표를 할 수 없어요.</translation>
    </message>
    <message>
        <source>Volume &amp;down</source>
        <translation>음량 줄이기(&amp;D)</translation>
    </message>
    <message>
        <source>Volume &amp;up</source>
        <translation>음량 키우기(&amp;U)</translation>
    </message>
</context>
</TS>
