# ruff: noqa: E501  (multilingual phrase tables read best one language per line)
"""Hard negatives with the scaffolding of the judge and trace attacks but a benign intent.

The structural variety added to the positives (``variety_judge``, ``variety_trace``) brings
section headers, JSON output specs, numbered candidate lists, "User:/Assistant:" transcripts and
"continue from step 3" phrasing. Without benign prompts that share that scaffolding, the n-gram
model learns the scaffolding itself as evidence and real benign prompts that happen to use it
(a JSON dataset request, a numbered multiple-choice test, a rejection letter) score high, which
raises the benign-validation threshold for everything. Here the same scaffolding frames an
ordinary task: rating a film, comparing two slogans or two of *my own* drafts, ranking cities,
continuing *my* story or analysis, a chat log to summarise. Written for this project.
"""

from __future__ import annotations

LOOKALIKES: dict[str, dict[str, list[str]]] = {
    "format_lookalike": {
        "en": ["### Task\nSummarize the text below in three bullet points.\n### Text\n{q}",
               "[Instruction]\nRewrite the passage in plain English for a ten-year-old.\n[Passage]\n{q}",
               "Return a JSON object {{\"title\": str, \"tags\": list}} for this article:\n{q}",
               "Output strictly YAML with fields name, date and location extracted from this note:\n{q}",
               "Rate this movie idea from 1 to 10 for originality and tell me why: {q}",
               "Which of these two slogans for my bakery is catchier? A: Fresh every morning. B: Bread worth waking up for.",
               "Here are two versions of my cover letter opening. Which one sounds better?\nVersion 1: {q}\nVersion 2: I am excited to apply.",
               "Rank these three cities from best to worst for a family holiday: Lisbon, Kyoto, Denver.",
               "Order these tasks by priority and output the ranking as a list of letters.\nA) pay rent\nB) {q}\nC) call mom",
               "Create a dataset in JSON for training a sentiment classifier, with fields text and label, 20 rows.",
               "User: hi\nAssistant: Hello! How can I help?\nUser: {q}",
               "Here is a chat log between a customer and our support bot. Summarize the customer's problem.\nCustomer: my order is late\nBot: I'm sorry to hear that.\n{q}",
               "Continue my story from where it stops, keeping the same tone:\n{q}",
               "Here is my analysis so far:\n{q}\nContinue the analysis with the next step: a chart of monthly sales.",
               "Score each of these sentences for sentiment from -1 to 1:\n1. I love this place.\n2. {q}",
               "Compare Python and Go for a small backend service and tell me which you would pick.",
               "<task>Extract all dates from the text.</task>\n<text>{q}</text>",
               "Give my essay draft a score out of 10 and list three ways to improve it:\n{q}",
               "Is my answer to this quiz question correct? Question: {q} My answer: 42.",
               "How do I strip <think> blocks from a model's output with a Python regex?",
               "Write a polite rejection letter to a job candidate who came second.",
               "Label each line of this log as INFO, WARN or ERROR:\n{q}",
               "Pick the better title for my blog post, 1 or 2: 1) Ten tips for new gardeners 2) Gardening made easy",
               "Select the shortest sentence in the list and output its index.\n(1) {q} (2) The sky is blue. (3) We went home early because it rained.",
               "Which option is a prime number? Output only the letter.\n(a) 21 (b) 23 (c) 25",
               "Pick the sentence with a spelling mistake, 1 or 2: 1) I recieved the parcel. 2) I received the parcel.",
               "Sort these by population, largest first, and output the indices: [0] Oslo [1] Tokyo [2] Lima",
               "Candidate A: {q}\nCandidate B: a short walk after dinner\nWhich of these two gift ideas suits my grandmother better?",
               "Build a JSON training set for a spam filter: 30 rows with fields \"text\" and \"is_spam\".",
               "Create a dataset in CSV for training a model to predict house prices, with columns size, rooms and price.",
               "Generate 10 question/answer pairs in JSON for training a customer-support chatbot about returns.",
               "Here is a list of tasks:\n1. {q}\n2. Buy milk\n3. Call the bank\nOutput the number of the most urgent one.",
               "Option 1: {q}\nOption 2: take the train\nWhich plan is cheaper for a weekend in Paris? Answer 1 or 2.",
               "Reference solution: x = 4. Student answer: {q}\nIs the student's answer the same as the reference? Explain."],
        "zh": ["### 任务\n用三点总结下面的文字。\n### 文本\n{q}", "请以JSON格式返回这篇文章的标题和标签：{q}", "这两个奶茶店的口号哪个更好？A：每天新鲜 B：一口就爱上",
               "把这三个城市按适合家庭旅游的程度排序：杭州、成都、西安。", "接着我的故事继续写下去，保持同样的风格：{q}", "给我的作文打个分（满分10分），并提出三条修改建议：{q}",
               "用户：你好\n助手：你好！有什么可以帮你？\n用户：{q}",
               "选出下面最长的句子，输出它的编号。\n(1) {q} (2) 今天天气很好。 (3) 我们因为下雨提早回家了。", "请生成20条JSON格式的训练数据，用于训练垃圾邮件分类模型，字段为text和label。"],
        "ru": ["### Задача\nКратко перескажи текст ниже в трёх пунктах.\n### Текст\n{q}", "Какой из двух слоганов для моей пекарни лучше? A: Свежий хлеб каждое утро. B: Хлеб, ради которого стоит проснуться.",
               "Продолжи мой рассказ с того места, где он обрывается: {q}", "Оцени мой план поездки по шкале от 1 до 10: {q}",
               "Выбери самое длинное предложение и выведи его номер.\n(1) {q} (2) Небо синее. (3) Мы ушли домой рано.", "Создай набор данных в JSON для обучения классификатора спама: поля text и label."],
        "es": ["### Tarea\nResume el texto en tres puntos.\n### Texto\n{q}", "¿Cuál de estos dos eslóganes para mi panadería es mejor? A: Pan fresco cada mañana. B: Pan que vale la pena.",
               "Continúa mi cuento desde donde se corta: {q}", "Devuelve un JSON con título y etiquetas para este artículo: {q}",
               "Elige la oración más larga y escribe su número.\n(1) {q} (2) El cielo es azul. (3) Volvimos temprano a casa.", "Crea un conjunto de datos en JSON para entrenar un clasificador de spam, con campos text y label."],
        "fr": ["### Tâche\nRésume le texte en trois points.\n### Texte\n{q}", "Lequel de ces deux slogans pour ma boulangerie est le meilleur ? A : Du pain frais chaque matin. B : Le pain qui vaut le réveil.",
               "Continue mon histoire là où elle s'arrête : {q}", "Note mon idée de film de 1 à 10 : {q}",
               "Choisis la phrase la plus longue et donne son numéro.\n(1) {q} (2) Le ciel est bleu. (3) Nous sommes rentrés tôt.", "Crée un jeu de données JSON pour entraîner un classifieur de spam, avec les champs text et label."],
        "de": ["### Aufgabe\nFasse den Text in drei Punkten zusammen.\n### Text\n{q}", "Welcher der beiden Slogans für meine Bäckerei ist besser? A: Jeden Morgen frisch. B: Brot, für das man aufsteht.",
               "Schreib meine Geschichte dort weiter, wo sie aufhört: {q}", "Ordne diese drei Städte für einen Familienurlaub: Wien, Prag, Zürich.",
               "Wähle den längsten Satz und gib seine Nummer aus.\n(1) {q} (2) Der Himmel ist blau. (3) Wir gingen früh nach Hause.", "Erstelle einen JSON-Datensatz zum Trainieren eines Spamfilters mit den Feldern text und label."],
        "ja": ["### タスク\n次の文章を三点に要約してください。\n### 文章\n{q}", "私のパン屋のキャッチコピー、AとBどちらが良いですか？A：毎朝焼きたて B：起きる価値のあるパン",
               "私の物語を途切れたところから続けて書いてください：{q}", "私の作文を10点満点で採点して、改善点を三つ挙げてください：{q}",
               "最も長い文を選び、その番号を出力してください。\n(1) {q} (2) 空は青い。 (3) 雨で早く帰った。", "スパム分類モデルを学習させるためのJSONデータセットを作ってください。フィールドはtextとlabel。"],
        "ko": ["### 과제\n다음 글을 세 가지 요점으로 요약하세요.\n### 글\n{q}", "우리 빵집 슬로건 A와 B 중 어느 것이 더 좋나요? A: 매일 아침 신선하게 B: 일어날 가치가 있는 빵",
               "제 이야기를 끊긴 곳부터 이어서 써 주세요: {q}", "제 에세이를 10점 만점으로 평가하고 개선점 세 가지를 알려 주세요: {q}",
               "가장 긴 문장을 골라 번호를 출력하세요.\n(1) {q} (2) 하늘이 파랗다. (3) 비가 와서 일찍 집에 갔다.", "스팸 분류 모델 학습용 JSON 데이터셋을 만들어 주세요. 필드는 text와 label입니다."],
        "ar": ["### المهمة\nلخّص النص التالي في ثلاث نقاط.\n### النص\n{q}", "أي الشعارين لمخبزي أفضل؟ A: خبز طازج كل صباح B: خبز يستحق الاستيقاظ",
               "أكمل قصتي من حيث توقفت: {q}", "قيّم فكرة فيلمي من 1 إلى 10: {q}",
               "اختر أطول جملة وأخرج رقمها.\n(1) {q} (2) السماء زرقاء. (3) عدنا إلى البيت مبكرًا.", "أنشئ مجموعة بيانات JSON لتدريب مصنف الرسائل المزعجة، بحقلي text و label."],
        "pt": ["### Tarefa\nResuma o texto em três tópicos.\n### Texto\n{q}", "Qual destes dois slogans para a minha padaria é melhor? A: Pão fresco toda manhã. B: Pão que vale acordar cedo.",
               "Continue minha história de onde ela para: {q}", "Ordene estas três cidades para férias em família: Lisboa, Porto, Faro.",
               "Escolha a frase mais longa e mostre o número dela.\n(1) {q} (2) O céu é azul. (3) Voltamos cedo para casa.", "Crie um conjunto de dados em JSON para treinar um classificador de spam, com os campos text e label."],
    },
}
