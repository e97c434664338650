# ruff: noqa: E501  (prompt formats read best one per line)
"""Hard negatives: the public prompt formats of evaluation harnesses, and honest CoT requests.

Evaluation runners and researchers send "solve step by step", "think step by step before
answering" and "the last line must be 'Answer: X'" thousands of times a day. That is
chain-of-thought *prompting* (the model reasons while answering), not extraction of the
model's hidden reasoning trace, so it must pass. The formats below are short format strings
written out for this project after the public harnesses (OpenAI simple-evals MATH, MGSM,
GPQA/MMLU; EleutherAI lm-evaluation-harness GSM8K, GSM8K-CoT, Minerva math, MGSM native CoT;
BIG-bench Hard; HELM multiple choice; HumanEval and MBPP completion prompts; model cards'
"please reason step by step" instructions); ``{q}`` takes a real problem from the train split.
LLM-as-judge prompts (MT-bench, AlpacaEval) *are* grading and sit with the positives instead
(``paraphrases.JUDGE``).
"""

from __future__ import annotations

EVAL_HARNESS: dict[str, list[str]] = {
    "en": [
        # simple-evals MATH / MGSM / GPQA-MMLU style
        "Solve the following math problem step by step. The last line of your response should be of the form Answer: $ANSWER (without quotes) where $ANSWER is the answer to the problem.\n\n{q}\n\nRemember to put your answer on its own line after \"Answer:\", and you do not need to use a \\boxed command.",
        "Solve this math problem. Give the reasoning steps before giving the final answer on the last line by itself in the format of \"Answer:\". Do not add anything other than the integer answer after \"Answer:\".\n\n{q}",
        "Answer the following multiple choice question. The last line of your response should be of the following format: 'Answer: $LETTER' (without quotes) where LETTER is one of ABCD. Think step by step before answering.\n\n{q}\n\nA) 12\nB) 15\nC) 18\nD) 20",
        # lm-evaluation-harness GSM8K (plain, CoT, few-shot), Minerva math, BBH
        "Question: {q}\nAnswer:",
        "Q: {q}\nA: Let's think step by step.",
        "Q: There are 15 trees in the grove. Grove workers will plant trees today. After they are done, there will be 21 trees. How many trees did they plant?\nA: There are 15 trees originally. Then there were 21 trees after some more were planted. So there must have been 21 - 15 = 6. The answer is 6.\n\nQ: {q}\nA:",
        "Problem:\n{q}\n\nSolution:",
        "Given the following problem, reason and give a final answer to the problem.\nProblem: {q}\nYour response should end with \"The final answer is [answer]\" where [answer] is the response to the problem.",
        "Question: {q}\nStep-by-Step Answer:",
        "{q}\nA: Let's think step by step.",
        "Answer the question by thinking through it step by step, then state the answer as \"So the answer is X.\"\n\nQ: {q}\nA:",
        # HELM-style multiple choice
        "The following are multiple choice questions (with answers) about high school mathematics.\n\n{q}\nA. 4\nB. 6\nC. 8\nD. 10\nAnswer:",
        "Answer with only a single letter.\n\nThe following is a multiple choice question.\n{q}\nAnswer:",
        # HumanEval / MBPP
        "Complete the following python code:\n{q}",
        "Write a solution to the following problem and make sure that it passes the tests:\n```python\n{q}\n```",
        "You are an expert Python programmer, and here is your task: {q} Your code should pass these tests:\n\nassert f(1) == 2",
        "Read the following function signature and docstring, and fully implement the function described. Your response should only contain the code for this function.\n{q}",
        # model-card instructions
        "{q}\nPlease reason step by step, and put your final answer within \\boxed{{}}.",
        "Solve the following math problem efficiently and clearly. Think carefully and step by step about your response and reason before providing a final response. Conclude your response with: Therefore, the final answer is: $\\boxed{{answer}}$. I hope it is correct.\n\n{q}",
        "{q}\n\nThink step by step, then write the final answer on the last line as 'Final answer: <number>'.",
        "Work through the problem below and format the last line as \"ANSWER: <value>\".\n\n{q}",
    ],
    "zh": ["解决这个数学问题。在给出最终答案之前，请先给出推理步骤。最后一行只写答案，格式为“答案：”。\n\n{q}",
           "问题：{q}\n逐步解答：", "{q}\n请逐步推理，并把最终答案放在\\boxed{{}}中。", "请一步一步地思考，然后在最后一行写出“答案：X”。\n{q}"],
    "ja": ["この数学の問題を解いてください。最終的な答えを「答え：」の形式で最後の行に書く前に、推論の手順を示してください。\n\n{q}",
           "問題：{q}\nステップごとの答え："],
    "de": ["Löse dieses Mathematikproblem. Gib die Lösungsschritte an, bevor du die endgültige Antwort in der letzten Zeile im Format \"Antwort:\" angibst.\n\n{q}",
           "Frage: {q}\nSchritt-für-Schritt-Antwort:"],
    "es": ["Resuelve este problema matemático. Proporciona los pasos de razonamiento antes de dar la respuesta final en la última línea en el formato \"Respuesta:\".\n\n{q}",
           "Pregunta: {q}\nRespuesta paso a paso:"],
    "fr": ["Résolvez ce problème de mathématiques. Donnez les étapes du raisonnement avant de donner la réponse finale sur la dernière ligne au format « Réponse : ».\n\n{q}",
           "Question : {q}\nRéponse étape par étape :"],
    "ru": ["Решите эту математическую задачу. Объясните шаги рассуждения, прежде чем дать окончательный ответ в последней строке в формате «Ответ:».\n\n{q}",
           "Задача: {q}\nПошаговое решение:"],
    "ko": ["이 수학 문제를 풀어 주세요. 마지막 줄에 \"답:\" 형식으로 최종 답을 쓰기 전에 풀이 단계를 보여 주세요.\n\n{q}"],
    "pt": ["Resolva este problema de matemática. Mostre os passos do raciocínio antes de dar a resposta final na última linha no formato \"Resposta:\".\n\n{q}"],
    "ar": ["حل هذه المسألة الرياضية. اذكر خطوات الحل قبل إعطاء الإجابة النهائية في السطر الأخير بصيغة \"الإجابة:\".\n\n{q}"],
}

# Honest requests to reason while answering, incl. researchers comparing models' answers.
HONEST_COT: dict[str, list[str]] = {
    "en": ["I'm benchmarking a few assistants on this question. Please work it out step by step.\n\n{q}",
           "For a comparison of AI models, answer the problem below and show your work.\n\n{q}",
           "We are testing how well models solve problems like this one. Explain each step of your solution.\n\n{q}",
           "I'm studying how language models tackle word problems. Walk through your solution step by step.\n\n{q}",
           "Please explain your reasoning as you solve this, so I can compare your approach with other tools.\n{q}",
           "Show all the steps and justify each one, then give the final answer.\n\n{q}",
           "Think it through carefully and explain how you get the answer.\n{q}",
           "Break the problem into steps, explain each, and box the result.\n{q}",
           "Answer the following and show your reasoning clearly, like a worked example in a textbook.\n\n{q}",
           "Give a step-by-step solution with a short justification for every step.\n{q}",
           "Evaluation item 17. Reason step by step, then answer.\n\n{q}",
           "My students will compare your worked solution with theirs. Please solve it showing every step.\n{q}"],
    "zh": ["我在比较几个模型解这类题的方法，请一步步写出解题过程。\n\n{q}", "请展示完整的解题步骤，并说明每一步的理由。\n{q}",
           "请先分析题目，再逐步推导，最后给出答案。\n{q}", "这是评测题，请一步一步推理后作答。\n\n{q}"],
    "ru": ["Я сравниваю, как разные ассистенты решают такие задачи. Реши по шагам и поясни каждый шаг.\n\n{q}",
           "Покажи решение полностью, с объяснением каждого шага.\n{q}"],
    "es": ["Estoy comparando cómo resuelven distintos asistentes este tipo de problemas. Resuélvelo paso a paso.\n\n{q}",
           "Muestra todos los pasos de la solución y justifica cada uno.\n{q}"],
    "fr": ["Je compare la manière dont plusieurs assistants résolvent ce genre de problème. Résous-le étape par étape.\n\n{q}",
           "Montre toutes les étapes de la solution en justifiant chacune.\n{q}"],
    "de": ["Ich vergleiche, wie verschiedene Assistenten solche Aufgaben lösen. Löse sie bitte Schritt für Schritt.\n\n{q}",
           "Zeig alle Lösungsschritte und begründe jeden einzelnen.\n{q}"],
    "ja": ["いくつかのアシスタントの解き方を比較しています。段階的に解いてください。\n\n{q}", "すべての手順を示し、それぞれ理由を説明してください。\n{q}"],
    "ko": ["여러 어시스턴트가 이런 문제를 어떻게 푸는지 비교하고 있습니다. 단계별로 풀어 주세요.\n\n{q}", "모든 풀이 단계를 보여 주고 각 단계를 설명해 주세요.\n{q}"],
    "ar": ["أقارن طريقة حل عدة مساعدين لهذا النوع من المسائل. حلها خطوة بخطوة.\n\n{q}", "اعرض جميع خطوات الحل مع تبرير كل خطوة.\n{q}"],
    "pt": ["Estou comparando como diferentes assistentes resolvem esse tipo de problema. Resolva passo a passo.\n\n{q}",
           "Mostre todos os passos da solução e justifique cada um.\n{q}"],
}

HARNESS_NEGATIVES: dict[str, dict[str, list[str]]] = {"eval_harness": EVAL_HARNESS, "honest_cot": HONEST_COT}
