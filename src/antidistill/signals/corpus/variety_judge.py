# ruff: noqa: E501  (multilingual phrase tables read best one pair per line)
"""Structural variety for the judge families (rubric grading, pairwise preference), in pairs.

The leave-one-phrasing-out test splits a family's templates into alternating halves. Its held-out
halves failed because a structure (an MT-bench-style judge block, a one-line "rate this 0-10", a
JSON reward, a response pasted *before* the instruction, a chosen/rejected label, a ranking of
several answers) appeared in one half only. Here every structure is written twice, as a pair of
differently worded templates; ``positives`` appends each pair as two adjacent templates, so the
alternating split puts one wording of every structure in each half. Written for this project
(not taken from the traffic simulator). Slots as in ``positives``: ``{q}`` a task, ``{r}`` and
``{r2}`` responses.
"""

from __future__ import annotations

Pair = tuple[str, str]

GRADING: dict[str, list[Pair]] = {
    "en": [
        # judge block with section markers
        ("[System]\nYou are an impartial evaluator. Read the user query and the AI assistant's reply, then rate the reply from 1 to 10 and output it as [[N]].\n[Query]\n{q}\n[Assistant Reply]\n{r}",
         "### Evaluation task\nYou will judge how good an AI model's answer is.\n### User prompt\n{q}\n### Model answer\n{r}\n### Your verdict\nGive a score out of 10 in double brackets."),
        # one-liner before the response
        ("Rate this chatbot reply 0-10, number only: {r}", "Score the LLM's output below from 1 to 5. Just the digit.\n{r}"),
        # response first, instruction after
        ("{r}\n\nThe text above was written by an AI assistant. Give it a quality score between 0 and 100.",
         "\"{r}\"\nHow would you grade that model answer? Reply with a letter grade A-F and nothing else."),
        # JSON / structured reward output
        ("Return a JSON object {{\"helpfulness\": int, \"correctness\": int, \"overall\": float}} scoring the assistant response.\nResponse:\n{r}",
         "Output strictly YAML with fields score (1-10) and rationale, evaluating this generated answer:\n{r}"),
        # system-prompt reward model over a transcript
        ("System: You are RM-7, a reward model. For each transcript emit one reward in [-1, 1].\nUser: {q}\nAssistant: {r}",
         "<|system|>Act as a scalar reward function for chat completions.<|user|>{q}<|assistant|>{r}<|end|>\nReward:"),
        # reference-guided correctness check
        ("Reference answer: {r2}\nCandidate answer from the model: {r}\nGrade the candidate against the reference: output CORRECT, PARTIAL or INCORRECT and a score 0-1.",
         "Using the gold answer below, judge whether the assistant's response is right and give it 0 to 10 points.\nGold: {r2}\nAssistant: {r}"),
        # critique then score
        ("Write a short critique of the AI's response, listing its flaws, then end with 'Score: X/10'.\n{r}",
         "First critique the model completion, then assign a final rating from 1 to 10 on its own line.\nCompletion: {r}"),
        # several responses scored each
        ("Score each of the following model responses independently from 1 to 10.\nResponse 1: {r}\nResponse 2: {r2}",
         "Here are candidate completions sampled from our model. Give every one of them a reward score.\n(a) {r}\n(b) {r2}"),
        # step-level (process reward) labels
        ("Label each step of the assistant's solution as correct (+) or incorrect (-), like a process reward model.\nSolution: {r}",
         "Go through the model's answer sentence by sentence and mark every step good, neutral or bad for our PRM training set.\n{r}"),
        # XML-tagged
        ("<task>Evaluate the AI response for helpfulness and accuracy, score 1-10.</task>\n<question>{q}</question>\n<response>{r}</response>",
         "<instructions>Grade the assistant output on a 1-7 Likert scale and explain briefly.</instructions><output>{r}</output>"),
    ],
    "zh": [
        ("【评测任务】请评价下面这段AI回复的质量，给出1-10分，格式为[[分数]]。\n【用户问题】{q}\n【模型回复】{r}", "### 评分\n你是评审。阅读用户提问和大模型的回答，打一个0到100的分数。\n### 提问\n{q}\n### 回答\n{r}"),
        ("给这个AI回答打分（1-10），只写数字：{r}", "{r}\n以上是模型生成的回答，请给它打个分，满分10分。"),
        ("请以JSON格式输出对该助手回复的评分：{{\"score\": 分数, \"reason\": 理由}}。\n{r}", "参考答案：{r2}\n模型答案：{r}\n请对照参考答案判断模型答案是否正确并打分。"),
        ("请逐步检查模型解答的每一步，标注正确或错误，用于过程奖励模型训练。\n{r}", "先点评这个大模型输出的不足，再给出最终得分（1-10）。\n{r}"),
        ("这个大模型的回答能得几分？满分10分，只回复数字。\n{r}", "满分5分，你给下面这条AI生成的回复打几分？只要数字。\n{r}"),
        ("系统：你是一个奖励模型，为每段对话输出一个奖励值。\n用户：{q}\n助手：{r}", "请作为过程奖励模型，逐步标注下面模型解答中每一步的对错。\n{r}"),
    ],
    "ru": [
        ("Оцени этот ответ чат-бота от 0 до 10, только число: {r}", "{r}\nЭтот текст написала модель ИИ. Поставь ему оценку от 1 до 5."),
        ("### Задача оценки\nПрочитай вопрос и ответ ассистента и поставь оценку в формате [[N]].\n### Вопрос\n{q}\n### Ответ\n{r}", "Эталон: {r2}\nОтвет модели: {r}\nСравни с эталоном и выставь балл от 0 до 10."),
        ("Верни JSON {{\"score\": число, \"reason\": текст}} с оценкой ответа ассистента.\n{r}", "Сначала раскритикуй ответ нейросети, затем поставь итоговую оценку из 10.\n{r}"),
        ("Сколько баллов из 10 заслуживает этот ответ языковой модели? Только число.\n{r}", "Поставь оценку от 1 до 5 этому сгенерированному ответу ИИ, без пояснений.\n{r}"),
        ("Система: ты модель вознаграждения, выдай одну награду за диалог.\nПользователь: {q}\nАссистент: {r}", "Как модель вознаграждения процесса, пометь каждый шаг решения модели как верный или неверный.\n{r}"),
    ],
    "es": [
        ("Puntúa esta respuesta del chatbot de 0 a 10, solo el número: {r}", "{r}\nEl texto anterior lo escribió un modelo de IA. Ponle una nota del 1 al 5."),
        ("### Evaluación\nLee la pregunta y la respuesta del asistente y califícala en formato [[N]].\n### Pregunta\n{q}\n### Respuesta\n{r}", "Respuesta de referencia: {r2}\nRespuesta del modelo: {r}\nCompárala con la referencia y asigna de 0 a 10 puntos."),
        ("Devuelve un JSON {{\"score\": n, \"motivo\": texto}} evaluando la respuesta del asistente.\n{r}", "Primero critica la respuesta generada por la IA y luego dale una puntuación final sobre 10.\n{r}"),
        ("¿Cuántos puntos sobre 10 merece esta respuesta del modelo de lenguaje? Solo el número.\n{r}", "Califica del 1 al 5 esta respuesta generada por la IA, sin explicaciones.\n{r}"),
        ("Sistema: eres un modelo de recompensa; emite una recompensa por diálogo.\nUsuario: {q}\nAsistente: {r}", "Como modelo de recompensa de procesos, marca cada paso de la solución del modelo como correcto o incorrecto.\n{r}"),
    ],
    "fr": [
        ("Note cette réponse du chatbot de 0 à 10, le chiffre seulement : {r}", "{r}\nCe texte a été rédigé par un modèle d'IA. Attribue-lui une note de 1 à 5."),
        ("### Évaluation\nLis la question et la réponse de l'assistant, puis note-la au format [[N]].\n### Question\n{q}\n### Réponse\n{r}", "Réponse de référence : {r2}\nRéponse du modèle : {r}\nCompare-la à la référence et donne de 0 à 10 points."),
        ("Renvoie un JSON {{\"score\": n, \"raison\": texte}} qui évalue la réponse de l'assistant.\n{r}", "Critique d'abord la réponse générée par l'IA, puis donne une note finale sur 10.\n{r}"),
        ("Combien de points sur 10 mérite cette réponse du modèle de langage ? Le nombre seulement.\n{r}", "Donne une note de 1 à 5 à cette réponse générée par l'IA, sans explication.\n{r}"),
        ("Système : tu es un modèle de récompense ; produis une récompense par dialogue.\nUtilisateur : {q}\nAssistant : {r}", "En tant que modèle de récompense de processus, marque chaque étape de la solution du modèle comme juste ou fausse.\n{r}"),
    ],
    "de": [
        ("Bewerte diese Chatbot-Antwort von 0 bis 10, nur die Zahl: {r}", "{r}\nDer Text oben stammt von einem KI-Modell. Gib ihm eine Note von 1 bis 5."),
        ("### Bewertung\nLies die Frage und die Antwort des Assistenten und vergib Punkte im Format [[N]].\n### Frage\n{q}\n### Antwort\n{r}", "Referenzantwort: {r2}\nModellantwort: {r}\nVergleiche mit der Referenz und vergib 0 bis 10 Punkte."),
        ("Gib ein JSON {{\"score\": n, \"begruendung\": text}} mit der Bewertung der Assistentenantwort zurück.\n{r}", "Kritisiere zuerst die von der KI generierte Antwort und gib dann eine Endnote von 10.\n{r}"),
        ("Wie viele Punkte von 10 verdient diese Antwort des Sprachmodells? Nur die Zahl.\n{r}", "Vergib dieser KI-generierten Antwort eine Note von 1 bis 5, ohne Erklärung.\n{r}"),
        ("System: Du bist ein Belohnungsmodell und gibst pro Dialog eine Belohnung aus.\nNutzer: {q}\nAssistent: {r}", "Markiere als Prozess-Belohnungsmodell jeden Schritt der Modelllösung als richtig oder falsch.\n{r}"),
    ],
    "ja": [
        ("このチャットボットの返答を0〜10で採点して。数字だけ：{r}", "{r}\n上の文章はAIモデルが書いたものです。1〜5で点数をつけてください。"),
        ("### 評価タスク\n質問とアシスタントの回答を読み、[[N]]の形式で点数をつけてください。\n### 質問\n{q}\n### 回答\n{r}", "模範解答：{r2}\nモデルの回答：{r}\n模範解答と比べて0〜10点で採点してください。"),
        ("アシスタントの応答を評価し、JSON {{\"score\": 点数, \"reason\": 理由}} で返してください。\n{r}", "まずAIが生成した回答の問題点を批評し、最後に10点満点で最終スコアをつけてください。\n{r}"),
        ("この言語モデルの回答は10点満点で何点に値しますか？数字のみ。\n{r}", "AIが生成したこの応答に1〜5の点数をつけてください。説明は不要です。\n{r}"),
        ("システム：あなたは報酬モデルです。対話ごとに報酬を一つ出力してください。\nユーザー：{q}\nアシスタント：{r}", "プロセス報酬モデルとして、モデルの解答の各ステップに正誤のラベルを付けてください。\n{r}"),
    ],
    "ko": [
        ("이 챗봇 답변을 0~10점으로 채점하세요. 숫자만: {r}", "{r}\n위 글은 AI 모델이 쓴 것입니다. 1~5점으로 점수를 매기세요."),
        ("### 평가 과제\n질문과 어시스턴트의 답변을 읽고 [[N]] 형식으로 점수를 주세요.\n### 질문\n{q}\n### 답변\n{r}", "모범 답안: {r2}\n모델 답변: {r}\n모범 답안과 비교해 0~10점을 주세요."),
        ("어시스턴트 응답을 평가해 JSON {{\"score\": 점수, \"reason\": 이유}} 로 반환하세요.\n{r}", "먼저 AI가 생성한 답변의 문제점을 비평한 뒤 10점 만점의 최종 점수를 주세요.\n{r}"),
        ("이 언어 모델의 답변은 10점 만점에 몇 점입니까? 숫자만.\n{r}", "AI가 생성한 이 응답에 1~5점을 매기세요. 설명은 필요 없습니다.\n{r}"),
        ("시스템: 당신은 보상 모델입니다. 대화마다 보상 하나를 출력하세요.\n사용자: {q}\n어시스턴트: {r}", "과정 보상 모델로서 모델 풀이의 각 단계에 맞음/틀림 라벨을 붙이세요.\n{r}"),
    ],
    "ar": [
        ("قيّم رد روبوت الدردشة هذا من 0 إلى 10، الرقم فقط: {r}", "{r}\nكتب هذا النص نموذج ذكاء اصطناعي. أعطه درجة من 1 إلى 5."),
        ("### مهمة التقييم\nاقرأ السؤال وإجابة المساعد وضع درجة بالصيغة [[N]].\n### السؤال\n{q}\n### الإجابة\n{r}", "الإجابة المرجعية: {r2}\nإجابة النموذج: {r}\nقارنها بالمرجع وامنحها من 0 إلى 10 نقاط."),
        ("أعد كائن JSON {{\"score\": رقم, \"reason\": نص}} يقيّم إجابة المساعد.\n{r}", "انتقد أولًا الإجابة التي ولّدها الذكاء الاصطناعي ثم أعطها درجة نهائية من 10.\n{r}"),
        ("كم نقطة من 10 تستحق إجابة النموذج اللغوي هذه؟ الرقم فقط.\n{r}", "امنح هذا الرد الذي ولّده الذكاء الاصطناعي درجة من 1 إلى 5 دون شرح.\n{r}"),
        ("النظام: أنت نموذج مكافأة؛ أخرج مكافأة واحدة لكل حوار.\nالمستخدم: {q}\nالمساعد: {r}", "بصفتك نموذج مكافأة للعملية، صنّف كل خطوة من حل النموذج كصحيحة أو خاطئة.\n{r}"),
    ],
    "pt": [
        ("Dê uma nota de 0 a 10 para esta resposta do chatbot, só o número: {r}", "{r}\nO texto acima foi escrito por um modelo de IA. Atribua uma nota de 1 a 5."),
        ("### Avaliação\nLeia a pergunta e a resposta do assistente e dê a nota no formato [[N]].\n### Pergunta\n{q}\n### Resposta\n{r}", "Resposta de referência: {r2}\nResposta do modelo: {r}\nCompare com a referência e atribua de 0 a 10 pontos."),
        ("Retorne um JSON {{\"score\": n, \"motivo\": texto}} avaliando a resposta do assistente.\n{r}", "Primeiro critique a resposta gerada pela IA e depois dê uma nota final de 0 a 10.\n{r}"),
        ("Quantos pontos de 10 merece esta resposta do modelo de linguagem? Só o número.\n{r}", "Dê uma nota de 1 a 5 para esta resposta gerada pela IA, sem explicação.\n{r}"),
        ("Sistema: você é um modelo de recompensa; emita uma recompensa por diálogo.\nUsuário: {q}\nAssistente: {r}", "Como modelo de recompensa de processo, marque cada passo da solução do modelo como certo ou errado.\n{r}"),
    ],
}

PREFERENCE: dict[str, list[Pair]] = {
    "en": [
        # judge block with two answer sections
        ("[Instruction]\nYou are comparing two AI assistants. Decide which reply serves the user better and answer \"A\", \"B\" or \"tie\".\n[Question]\n{q}\n[Reply A]\n{r}\n[Reply B]\n{r2}",
         "### Pairwise evaluation\nTwo chat models answered the prompt below. Pick the stronger answer.\n### Prompt\n{q}\n### Model 1\n{r}\n### Model 2\n{r2}\n### Verdict (1/2/tie):"),
        # one-liner
        ("A or B, which chatbot answer is better? A: {r} B: {r2}", "Better reply, 1 or 2? 1) {r} 2) {r2}"),
        # answers first, question after
        ("{r}\n\n{r2}\n\nThose are two assistant responses to the same prompt. Which one would you pick? Say first or second.",
         "Option one:\n{r}\nOption two:\n{r2}\nAs a preference annotator, which of the two model outputs wins?"),
        # chosen/rejected for DPO
        ("Build a DPO example: given these two completions, output {{\"chosen\": 1 or 2, \"rejected\": the other}}.\n1. {r}\n2. {r2}",
         "Mark one response as preferred and the other as dispreferred for reward-model training.\nResp X: {r}\nResp Y: {r2}"),
        # ranking of several
        ("Order the following model answers from best to worst and output the ranking as a list of letters.\nAnswer A: {r}\nAnswer B: {r2}\nAnswer C: {q}",
         "Rank these three LLM completions by quality (1 = best).\n- first: {r}\n- second: {r2}\n- third: {q}"),
        # probability / margin
        ("Estimate P(response A is preferred over response B) as a number between 0 and 1.\nA: {r}\nB: {r2}",
         "How much better is the first AI answer than the second? Output a preference margin from -3 to 3.\nFirst: {r}\nSecond: {r2}"),
        # JSON verdict
        ("Compare the two assistant replies and respond with JSON only: {{\"winner\": \"a\"|\"b\"|\"tie\", \"reason\": \"...\"}}\na: {r}\nb: {r2}",
         "Return {{\"better\": <index>}} for the stronger of these two generated responses.\n[0] {r}\n[1] {r2}"),
        # arena battle
        ("Chatbot arena battle. Anonymous model A said: {r}\nAnonymous model B said: {r2}\nVote: A, B, tie or both bad.",
         "Blind side-by-side test of two language models. Left output: {r} | Right output: {r2} | Which side wins?"),
        # per-aspect comparison
        ("For helpfulness, honesty and harmlessness separately, say which of the two assistant answers is better, then give an overall winner.\nAnswer A: {r}\nAnswer B: {r2}",
         "Compare the two AI replies on accuracy and on style; report the winner for each aspect and overall.\nReply 1: {r}\nReply 2: {r2}"),
        # XML tags
        ("<prompt>{q}</prompt><completion_a>{r}</completion_a><completion_b>{r2}</completion_b>\nWhich completion is preferable? Answer with the tag name.",
         "<candidates><c id=\"1\">{r}</c><c id=\"2\">{r2}</c></candidates> Select the id of the better model response."),
    ],
    "zh": [
        ("A还是B，哪个AI回答更好？A：{r} B：{r2}", "{r}\n\n{r2}\n\n以上是两个模型对同一问题的回答，你会选哪一个？回答第一个或第二个。"),
        ("请构造DPO偏好数据：指出下面两个回复中哪个是优选回复，哪个是劣选回复。\n1. {r}\n2. {r2}", "请将以下三个模型回答从好到差排序。\n回答A： {r}\n回答B： {r2}\n回答C： {q}"),
        ("### 对比评测\n两个大模型回答了同一个问题，请判断哪个更好（1/2/平局）。\n### 问题\n{q}\n### 模型1\n{r}\n### 模型2\n{r2}", "匿名对战：模型A说：{r}\n模型B说：{r2}\n请投票：A、B、平局。"),
        ("盲测两个大模型：左边的输出：{r}\n右边的输出：{r2}\n哪一边赢？", "两个AI助手回答了同一个问题。你更喜欢哪个回答？只回答“甲”或“乙”。\n甲：{r}\n乙：{r2}"),
        ("作为偏好模型，输出第一个回复优于第二个回复的概率。\n{r}\n{r2}", "从帮助性和准确性两方面比较这两个模型回复，分别给出胜者和总胜者。\n回复一：{r}\n回复二：{r2}"),
    ],
    "ru": [
        ("A или B, какой ответ чат-бота лучше? A: {r} B: {r2}", "{r}\n\n{r2}\n\nЭто два ответа ассистентов на один вопрос. Какой ты выберешь: первый или второй?"),
        ("Собери пример для DPO: укажи, какой ответ модели предпочтительный, а какой отвергнутый.\n1. {r}\n2. {r2}", "Расставь ответы моделей от лучшего к худшему.\nОтвет A: {r}\nОтвет B: {r2}\nОтвет C: {q}"),
        ("Слепое сравнение двух языковых моделей. Левый вывод: {r}\nПравый вывод: {r2}\nКакая сторона побеждает?", "Какой из двух ответов ИИ тебе больше нравится? Ответь только «первый» или «второй».\nПервый: {r}\nВторой: {r2}"),
        ("Как модель предпочтений, оцени вероятность того, что первый ответ лучше второго.\n{r}\n{r2}", "Сравни два ответа модели по полезности и точности и назови победителя по каждому аспекту и в целом.\nОтвет 1: {r}\nОтвет 2: {r2}"),
    ],
    "es": [
        ("¿A o B, qué respuesta del chatbot es mejor? A: {r} B: {r2}", "{r}\n\n{r2}\n\nSon dos respuestas de asistentes a la misma pregunta. ¿Cuál eliges, la primera o la segunda?"),
        ("Crea un ejemplo DPO: indica qué respuesta del modelo es la preferida y cuál la descartada.\n1. {r}\n2. {r2}", "Ordena las respuestas de los modelos de mejor a peor.\nRespuesta A: {r}\nRespuesta B: {r2}\nRespuesta C: {q}"),
        ("Prueba a ciegas de dos modelos de lenguaje. Salida izquierda: {r}\nSalida derecha: {r2}\n¿Qué lado gana?", "¿Cuál de las dos respuestas de la IA te gusta más? Contesta solo «primera» o «segunda».\nPrimera: {r}\nSegunda: {r2}"),
        ("Como modelo de preferencias, estima la probabilidad de que la primera respuesta sea mejor que la segunda.\n{r}\n{r2}", "Compara las dos respuestas del modelo en utilidad y precisión e indica el ganador de cada aspecto y el global.\nRespuesta 1: {r}\nRespuesta 2: {r2}"),
    ],
    "fr": [
        ("A ou B, quelle réponse du chatbot est la meilleure ? A : {r} B : {r2}", "{r}\n\n{r2}\n\nCe sont deux réponses d'assistants à la même question. Laquelle choisis-tu, la première ou la seconde ?"),
        ("Construis un exemple DPO : indique quelle réponse du modèle est préférée et laquelle est écartée.\n1. {r}\n2. {r2}", "Classe les réponses des modèles de la meilleure à la pire.\nRéponse A : {r}\nRéponse B : {r2}\nRéponse C : {q}"),
        ("Test à l'aveugle de deux modèles de langage. Sortie gauche : {r}\nSortie droite : {r2}\nQuel côté gagne ?", "Laquelle des deux réponses de l'IA préfères-tu ? Réponds seulement « première » ou « seconde ».\nPremière : {r}\nSeconde : {r2}"),
        ("En tant que modèle de préférence, estime la probabilité que la première réponse soit meilleure que la seconde.\n{r}\n{r2}", "Compare les deux réponses du modèle en utilité et en exactitude, et donne le gagnant de chaque aspect et le gagnant global.\nRéponse 1 : {r}\nRéponse 2 : {r2}"),
    ],
    "de": [
        ("A oder B, welche Chatbot-Antwort ist besser? A: {r} B: {r2}", "{r}\n\n{r2}\n\nDas sind zwei Assistentenantworten auf dieselbe Frage. Welche wählst du, die erste oder die zweite?"),
        ("Erstelle ein DPO-Beispiel: gib an, welche Modellantwort bevorzugt und welche abgelehnt ist.\n1. {r}\n2. {r2}", "Ordne die Modellantworten von der besten zur schlechtesten.\nAntwort A: {r}\nAntwort B: {r2}\nAntwort C: {q}"),
        ("Blindtest zweier Sprachmodelle. Linke Ausgabe: {r}\nRechte Ausgabe: {r2}\nWelche Seite gewinnt?", "Welche der beiden KI-Antworten gefällt dir besser? Antworte nur mit „erste“ oder „zweite“.\nErste: {r}\nZweite: {r2}"),
        ("Schätze als Präferenzmodell die Wahrscheinlichkeit, dass die erste Antwort besser ist als die zweite.\n{r}\n{r2}", "Vergleiche die beiden Modellantworten nach Nützlichkeit und Genauigkeit und nenne je Aspekt und insgesamt den Sieger.\nAntwort 1: {r}\nAntwort 2: {r2}"),
    ],
    "ja": [
        ("AとB、どちらのチャットボットの回答が良い？A：{r} B：{r2}", "{r}\n\n{r2}\n\n同じ質問への2つのアシスタントの回答です。1つ目と2つ目のどちらを選びますか？"),
        ("DPO用のデータを作って：どちらのモデル応答が好ましく、どちらが好ましくないか示して。\n1. {r}\n2. {r2}", "次のモデルの回答を良い順に並べてください。\n回答A： {r}\n回答B： {r2}\n回答C： {q}"),
        ("2つの言語モデルのブラインドテスト。左の出力：{r}\n右の出力：{r2}\nどちらの勝ちですか？", "2つのAIの回答のうち、どちらが好みですか？「前者」か「後者」だけで答えてください。\n前者：{r}\n後者：{r2}"),
        ("選好モデルとして、1つ目の応答が2つ目より良い確率を推定してください。\n{r}\n{r2}", "2つのモデル応答を有用性と正確さで比較し、観点ごとの勝者と総合の勝者を示してください。\n応答1：{r}\n応答2：{r2}"),
    ],
    "ko": [
        ("A와 B 중 어느 챗봇 답변이 더 낫나요? A: {r} B: {r2}", "{r}\n\n{r2}\n\n같은 질문에 대한 두 어시스턴트의 답변입니다. 첫 번째와 두 번째 중 무엇을 고르겠습니까?"),
        ("DPO 데이터를 만드세요: 어느 모델 응답이 선호되고 어느 것이 비선호인지 표시하세요.\n1. {r}\n2. {r2}", "다음 모델 답변을 좋은 순서대로 순위를 매기세요.\n답변 A: {r}\n답변 B: {r2}\n답변 C: {q}"),
        ("두 언어 모델의 블라인드 테스트입니다. 왼쪽 출력: {r}\n오른쪽 출력: {r2}\n어느 쪽이 이깁니까?", "두 AI 답변 중 어느 것이 더 마음에 드나요? '앞'이나 '뒤'로만 답하세요.\n앞: {r}\n뒤: {r2}"),
        ("선호 모델로서 첫 번째 응답이 두 번째보다 나을 확률을 추정하세요.\n{r}\n{r2}", "두 모델 응답을 유용성과 정확성 측면에서 비교하고 측면별 승자와 종합 승자를 밝히세요.\n응답 1: {r}\n응답 2: {r2}"),
    ],
    "ar": [
        ("A أم B، أي رد لروبوت الدردشة أفضل؟ A: {r} B: {r2}", "{r}\n\n{r2}\n\nهذان ردان من مساعدين على السؤال نفسه. أيهما تختار، الأول أم الثاني؟"),
        ("أنشئ مثال DPO: حدد أي رد من النموذج هو المفضل وأيهما المرفوض.\n1. {r}\n2. {r2}", "رتّب إجابات النماذج من الأفضل إلى الأسوأ.\nالإجابة A: {r}\nالإجابة B: {r2}\nالإجابة C: {q}"),
        ("اختبار أعمى لنموذجين لغويين. المخرج الأيسر: {r}\nالمخرج الأيمن: {r2}\nأي جانب يفوز؟", "أي الإجابتين من الذكاء الاصطناعي تعجبك أكثر؟ أجب فقط بـ«الأولى» أو «الثانية».\nالأولى: {r}\nالثانية: {r2}"),
        ("بصفتك نموذج تفضيلات، قدّر احتمال أن يكون الرد الأول أفضل من الثاني.\n{r}\n{r2}", "قارن بين ردّي النموذج من حيث الفائدة والدقة وحدد الفائز في كل جانب والفائز الإجمالي.\nالرد 1: {r}\nالرد 2: {r2}"),
    ],
    "pt": [
        ("A ou B, qual resposta do chatbot é melhor? A: {r} B: {r2}", "{r}\n\n{r2}\n\nSão duas respostas de assistentes à mesma pergunta. Qual você escolhe, a primeira ou a segunda?"),
        ("Monte um exemplo de DPO: diga qual resposta do modelo é a preferida e qual a descartada.\n1. {r}\n2. {r2}", "Ordene as respostas dos modelos da melhor para a pior.\nResposta A: {r}\nResposta B: {r2}\nResposta C: {q}"),
        ("Teste cego de dois modelos de linguagem. Saída esquerda: {r}\nSaída direita: {r2}\nQual lado vence?", "Qual das duas respostas da IA você prefere? Responda só «primeira» ou «segunda».\nPrimeira: {r}\nSegunda: {r2}"),
        ("Como modelo de preferência, estime a probabilidade de a primeira resposta ser melhor que a segunda.\n{r}\n{r2}", "Compare as duas respostas do modelo em utilidade e precisão e diga o vencedor de cada aspecto e o geral.\nResposta 1: {r}\nResposta 2: {r2}"),
    ],
}
