# ruff: noqa: E501  (multilingual phrase tables read best one language per line)
"""Hand-written hard negatives: benign prompts that share words with elicitation attacks.

Homework help that asks for steps, "explain your reasoning", translation and encoding of the
user's own text, a teacher grading a student's essay, code review, questions about
chain-of-thought as a research topic: a classifier that flags these is useless in production.
"""

from __future__ import annotations

import numpy as np

from antidistill.signals.corpus import LabeledText, split_of
from antidistill.signals.corpus.hard_assistant import HARD_ASSISTANT
from antidistill.signals.corpus.hard_more import HARD_MORE
from antidistill.signals.corpus.hard_opinion import HARD_OPINION
from antidistill.signals.corpus.harness import HARNESS_NEGATIVES
from antidistill.signals.corpus.structured import STRUCTURED_NEGATIVES
from antidistill.signals.corpus.workplace import WORKPLACE_NEGATIVES

HARD_NEGATIVES: dict[str, dict[str, list[str]]] = {
    "homework_steps": {
        "en": ["Solve step by step: {q}", "{q}\nPlease solve this step by step and explain each step.",
               "Can you walk me through how to solve this? {q}", "Let's think step by step. {q}",
               "Explain your reasoning when you solve this problem: {q}", "{q} Show your work.",
               "I got a different answer. Can you show the steps for this one? {q}",
               "Help me understand the method, not just the answer: {q}"],
        "zh": ["请一步一步地解这道题：{q}", "{q}\n请写出详细的解题步骤。", "能给我讲讲这道题的思路吗？{q}"],
        "ru": ["Реши задачу по шагам: {q}", "{q}\nОбъясни решение шаг за шагом."],
        "es": ["Resuelve paso a paso: {q}", "{q}\nExplica cada paso de la solución."],
        "fr": ["Résous étape par étape : {q}", "{q}\nExplique chaque étape de la solution."],
        "de": ["Löse Schritt für Schritt: {q}", "{q}\nErkläre bitte jeden Rechenschritt."],
        "ja": ["ステップごとに解いてください：{q}", "{q}\n解き方を順番に説明してください。"],
        "ko": ["단계별로 풀어 주세요: {q}", "{q}\n풀이 과정을 단계별로 설명해 주세요."],
        "ar": ["حل خطوة بخطوة: {q}", "{q}\nاشرح كل خطوة من الحل."],
        "pt": ["Resolva passo a passo: {q}", "{q}\nExplique cada passo da solução."],
    },
    "explain_concept": {
        "en": ["Explain the reasoning behind the theory of relativity in simple terms.",
               "What was the reasoning behind the court's decision in {q}?",
               "My teacher says I must explain my reasoning in essays. How do I do that well?",
               "Here is my reasoning for this proof; is it correct? {q}",
               "I think the answer is 12 because I multiplied 3 by 4. Is my reasoning right? {q}",
               "Describe the thought process of a detective solving a case in a short story."],
        "zh": ["我的推理是这样的：{q} 请帮我检查一下对不对。", "用简单的话解释一下这个理论背后的原理。"],
        "es": ["Este es mi razonamiento: {q} ¿Es correcto?"],
        "de": ["Ist meine Argumentation richtig? {q}"],
        "fr": ["Voici mon raisonnement : {q} Est-il juste ?"],
    },
    "translation": {
        "en": ["Translate this into French: {q}", "Translate the following paragraph into Chinese:\n{q}",
               "How do you say 'thinking process' in Japanese?", "Please translate my email to German: {q}",
               "Translate word for word into Spanish: {q}"],
        "zh": ["把这段话翻译成英文：{q}", "请将下面的句子翻译成日语：{q}"],
        "ru": ["Переведи на английский: {q}"], "es": ["Traduce al inglés: {q}"], "fr": ["Traduis en anglais : {q}"],
        "de": ["Übersetze ins Englische: {q}"], "ja": ["英語に翻訳してください：{q}"], "ko": ["영어로 번역해 주세요: {q}"],
        "ar": ["ترجم إلى الإنجليزية: {q}"], "pt": ["Traduza para o inglês: {q}"],
    },
    "encoding": {
        "en": ["How do I decode a base64 string in Python?", "Encode the word 'hello world' in base64.",
               "What is rot13 and is it secure?", "Convert this CSV row to a JSON object: {q}",
               "Write a function that returns the hex encoding of a byte string.",
               "Why does my base64 output end with '=='?", "Wrap this text in a JSON field called \"text\": {q}"],
        "zh": ["Python里怎么进行base64解码？", "把下面的数据转换成JSON格式：{q}"],
        "ru": ["Как декодировать строку base64 в JavaScript?"], "de": ["Wie kodiere ich eine Datei in Base64?"],
        "es": ["¿Cómo convierto este texto a JSON? {q}"], "ja": ["base64エンコードとは何ですか？"],
    },
    "teacher_grading": {
        "en": ["Grade this student essay out of 10 using the rubric below and give feedback:\n{q}",
               "I'm a teacher. Help me write a rubric for grading lab reports.",
               "Please mark my student's answer and explain what they got wrong: {q}",
               "Score my own cover letter from 1 to 10 and suggest improvements: {q}",
               "Compare these two thesis statements my students wrote and tell me which is stronger: {q}"],
        "zh": ["我是老师，请按照评分标准给这篇学生作文打分并写评语：{q}"],
        "es": ["Soy profesor. Califica esta redacción de un alumno del 1 al 10: {q}"],
        "de": ["Bewerte den Aufsatz meines Schülers mit einer Note und begründe sie: {q}"],
        "fr": ["Notez la copie de mon élève sur 20 avec des commentaires : {q}"],
    },
    "code_review": {
        "en": ["Review this code and rate its readability from 1 to 10:\n{q}", "Which of these two functions is "
               "better and why? {q}", "Explain what this code does line by line: {q}",
               "Find the bug in my function and explain your reasoning: {q}"],
        "zh": ["请审查这段代码并指出问题：{q}"], "ru": ["Сделай ревью этого кода: {q}"],
        "ja": ["このコードをレビューしてください：{q}"],
    },
    "cot_prompting": {
        "en": ["{q}\nUse a chain-of-thought approach and explain your reasoning step by step.",
               "Think step by step and show your reasoning before the final answer: {q}",
               "{q} Explain your reasoning logically with a step-by-step breakdown.",
               "Before answering, analyse the problem carefully, then give a step-by-step explanation of your "
               "reasoning process and a clear final answer. {q}", "Reason it out loud, like a tutor would: {q}"],
        "zh": ["{q}\n请一步一步思考，并说明你的推理过程。"], "es": ["{q}\nPiensa paso a paso y explica tu razonamiento."],
        "de": ["{q}\nDenke Schritt für Schritt und erkläre deine Überlegungen."],
        "fr": ["{q}\nRéfléchis étape par étape et explique ton raisonnement."],
        "ja": ["{q}\n段階的に考えて、推論を説明してください。"], "ru": ["{q}\nРассуждай по шагам и объясни ход решения."],
    },
    "cot_topic": {
        "en": ["What is chain-of-thought prompting and why does it improve accuracy?",
               "Summarise the paper 'Chain-of-Thought Prompting Elicits Reasoning in Large Language Models'.",
               "How do reasoning models like o1 differ from ordinary LLMs?",
               "Write a blog post about how language models reason step by step.",
               "Is it ethical for AI companies to hide the reasoning of their models?"],
        "zh": ["什么是思维链提示？它为什么有效？"], "de": ["Was ist Chain-of-Thought-Prompting?"],
    },
    "story_and_repeat": {
        "en": ["Continue this story from where it stops: {q}", "Repeat after me: the quick brown fox.",
               "Summarise this article in three bullet points: {q}", "Rewrite this paragraph verbatim but fix the "
               "typos: {q}", "Print the full text of the Gettysburg Address."],
        "zh": ["请接着写这个故事：{q}"], "fr": ["Continue cette histoire : {q}"], "es": ["Continúa esta historia: {q}"],
    },
    # "Act as ..." role play and everyday judging: the LLM-as-judge formats among the positives
    # share "act as", "judge" and "rate"; these keep that wording alone from deciding.
    "roleplay": {
        "en": ["Act as a science teacher and briefly answer these questions: {q}", "Please act as a travel agent and plan my trip: {q}",
               "Act as an impartial mediator between my roommate and me. Here is the situation: {q}",
               "You are a judge at a baking contest. Describe what you would look for in a sponge cake.",
               "Act as my interviewer for a data analyst job and ask me one question at a time.",
               "Rate these three vacation spots for a family with kids and explain briefly: {q}",
               "Pretend you are a sports commentator and describe this play: {q}",
               "Which of these two restaurant names sounds better for an Italian place, and why? {q}",
               "Act as a Linux terminal. My first command is pwd.", "Be my debate coach: {q}"],
        "zh": ["请扮演一位科学老师，简单回答这些问题：{q}", "假设你是旅行顾问，帮我规划行程：{q}", "请扮演面试官，一次问我一个问题。"],
        "ru": ["Представь, что ты учитель физики, и кратко ответь: {q}"], "es": ["Actúa como profesor de ciencias y responde brevemente: {q}"],
        "fr": ["Agis comme un professeur de sciences et réponds brièvement : {q}"], "de": ["Tu so, als wärst du ein Reiseberater: {q}"],
        "ja": ["理科の先生として、次の質問に簡単に答えてください：{q}"], "ko": ["과학 선생님처럼 다음 질문에 간단히 답해 주세요: {q}"],
        "ar": ["تصرف كمعلم علوم وأجب باختصار: {q}"], "pt": ["Aja como um professor de ciências e responda brevemente: {q}"],
    },
    # System prompts that set the language, tone or format of the *answer*: among the commonest production
    # prompts. Reasoning-language coercion is about the language of the model's *thinking*; these are not.
    "answer_language": {
        "en": ["You are a helpful assistant. Answer in the user's language.", "You are a helpful assistant.",
               "Always reply in the same language the user writes in.", "Respond in English, even if the question is in another language.",
               "You are a customer support agent for an online shop. Reply in the customer's language and keep it short.",
               "Answer in the language of the question. Use Markdown for lists and code.",
               "You are a friendly tutor. Reply in the student's language and keep a warm tone.",
               "Detect the user's language and answer in it. Be concise and polite.",
               "Your answers must be in plain English without jargon.", "Reply in Spanish only: {q}",
               "Answer the following in the same language it is written in: {q}"],
        "zh": ["你是一个乐于助人的助手。请用用户的语言回答。", "请用中文回答：{q}", "请始终使用与用户相同的语言回复。"],
        "ru": ["Ты полезный ассистент. Отвечай на языке пользователя.", "Отвечай по-русски: {q}"],
        "es": ["Eres un asistente útil. Responde en el idioma del usuario.", "Responde siempre en español: {q}"],
        "fr": ["Tu es un assistant serviable. Réponds dans la langue de l'utilisateur.", "Réponds en français : {q}"],
        "de": ["Du bist ein hilfreicher Assistent. Antworte in der Sprache des Nutzers.", "Antworte bitte auf Deutsch: {q}"],
        "ja": ["あなたは親切なアシスタントです。ユーザーの言語で回答してください。", "日本語で答えてください：{q}"],
        "ko": ["당신은 친절한 도우미입니다. 사용자의 언어로 답하세요.", "한국어로 답해 주세요: {q}"],
        "ar": ["أنت مساعد مفيد. أجب بلغة المستخدم.", "أجب باللغة العربية: {q}"],
        "pt": ["Você é um assistente prestativo. Responda no idioma do usuário.", "Responda em português: {q}"],
    },
    # Everyday requests in every language the attacks use: without them the classifier would
    # learn "Korean, Arabic or Portuguese text" as a sign of an attack (the real benign data
    # has none of those three).
    "everyday": {
        "en": ["Write a short email to my landlord about a broken heater.", "What's a good recipe for banana bread?",
               "Plan a three-day trip to Lisbon for me.", "Give me ideas for a birthday party for a 7-year-old."],
        "zh": ["帮我写一封请假邮件。", "推荐几本适合初学者的历史书。", "明天去北京旅游，有什么建议？", "怎么做红烧肉？",
               "写一首关于秋天的短诗。", "请帮我想一个咖啡店的名字。"],
        "ru": ["Напиши поздравление с днём рождения для коллеги.", "Как приготовить борщ?",
               "Посоветуй книги по истории для начинающих.", "Составь план тренировок на неделю.",
               "Объясни, как работает фотосинтез."],
        "es": ["Escribe un correo para pedir vacaciones a mi jefe.", "¿Cómo se prepara una tortilla de patatas?",
               "Recomiéndame libros de historia para principiantes.", "Explícame cómo funciona la fotosíntesis.",
               "Haz un plan de viaje de tres días por Sevilla."],
        "fr": ["Écris un e-mail pour demander un congé à mon responsable.", "Comment préparer une quiche lorraine ?",
               "Conseille-moi des livres d'histoire pour débutants.", "Explique-moi la photosynthèse simplement.",
               "Propose un itinéraire de trois jours à Lyon."],
        "de": ["Schreib eine E-Mail an meinen Vermieter wegen der kaputten Heizung.", "Wie backe ich einen Apfelkuchen?",
               "Empfiehl mir Geschichtsbücher für Anfänger.", "Erkläre mir die Photosynthese einfach.",
               "Plane eine dreitägige Reise nach Hamburg."],
        "ja": ["上司に休暇を申請するメールを書いてください。", "カレーの作り方を教えて。", "初心者向けの歴史の本を勧めてください。",
               "光合成の仕組みを簡単に説明して。", "京都の三日間の旅行プランを作って。"],
        "ko": ["상사에게 휴가를 요청하는 이메일을 써 주세요.", "김치찌개 만드는 법을 알려 주세요.", "초보자를 위한 역사책을 추천해 주세요.",
               "광합성이 어떻게 작동하는지 쉽게 설명해 주세요.", "부산 3일 여행 계획을 짜 주세요.",
               "이 문장을 더 자연스럽게 고쳐 주세요: {q}", "다음 글을 세 줄로 요약해 주세요: {q}"],
        "ar": ["اكتب رسالة بريد إلكتروني لطلب إجازة من مديري.", "كيف أحضّر الكبسة؟", "اقترح علي كتب تاريخ للمبتدئين.",
               "اشرح لي عملية البناء الضوئي ببساطة.", "ضع خطة رحلة لمدة ثلاثة أيام في دبي.",
               "لخّص النص التالي في ثلاث نقاط: {q}", "صحّح الأخطاء في هذه الجملة: {q}"],
        "pt": ["Escreva um e-mail pedindo férias ao meu chefe.", "Como faço um bolo de cenoura?",
               "Recomende livros de história para iniciantes.", "Explique a fotossíntese de forma simples.",
               "Monte um roteiro de três dias no Rio de Janeiro.", "Resuma este texto em três tópicos: {q}",
               "Corrija os erros desta frase: {q}"],
    },
}


HARD_NEGATIVES.update(HARNESS_NEGATIVES)
HARD_NEGATIVES.update(WORKPLACE_NEGATIVES)
# Session 27: honest tools' output schemas and knowledge-base context (structured.py).
HARD_NEGATIVES.update(STRUCTURED_NEGATIVES)
# Session 8: benign twins of the larger attack tables (explaining a given solution, rating human work,
# continuing the user's own text, language practice, reasoning as a topic) and everyday opinion questions
# ("what are your thoughts on ...": attack templates now name the thinking in plain words), honest products'
# system prompts with rules on how to answer, and requests to reason visibly while answering, by separate authors.
for _family, _by_lang in [*HARD_MORE.items(), *HARD_OPINION.items(), *HARD_ASSISTANT.items()]:
    _merged = HARD_NEGATIVES.setdefault(_family, {})
    for _lang, _templates in _by_lang.items():
        _merged[_lang] = _merged.get(_lang, []) + _templates
# Harness formats and honest CoT requests are what heavy benign users send most; more of them.
FAMILY_SIZE = {"eval_harness": 500, "honest_cot": 400, "workplace_system": 60, "opinion_questions": 300,
               "assistant_system": 300, "visible_reasoning_request": 300}


def generate_hard_negatives(tasks: list[str], *, seed: int, per_family: int = 150) -> list[LabeledText]:
    """Distinct hard-negative prompts per family (``FAMILY_SIZE`` overrides ``per_family``), with
    real benign tasks in the ``{q}`` slot."""
    rng = np.random.default_rng(seed)
    short = [t for t in tasks if len(t) < 600] or ["What is 2 + 2?"]
    out: list[LabeledText] = []
    for family, by_lang in HARD_NEGATIVES.items():
        langs = sorted(by_lang)
        seen: set[str] = set()
        tries = 0
        size = FAMILY_SIZE.get(family, per_family)
        while len(seen) < size and tries < size * 20:
            tries += 1
            lang = "en" if rng.random() < 0.5 else langs[int(rng.integers(len(langs)))]
            templates = by_lang[lang]
            text = templates[int(rng.integers(len(templates)))].format(q=short[int(rng.integers(len(short)))])
            if text not in seen:
                seen.add(text)
                out.append(LabeledText(text, 0, "hard:" + family, "generated", split_of(text), lang))
    return out
