"""Slot fillers per language for the generated phrasings (10 languages).

``COT`` names the model's own hidden reasoning; ``WRAP`` places an instruction around a real
task (before it, after it, or as a system-style preamble); ``LANG_NAMES`` are target
languages for translation requests. Written by hand for this project.
"""

from __future__ import annotations

LANGS = ("en", "zh", "ru", "es", "fr", "de", "ja", "ko", "ar", "pt")

COT: dict[str, list[str]] = {
    "en": ["your reasoning", "your hidden reasoning", "your chain of thought", "your chain-of-thought",
           "your thinking process", "your internal thoughts", "your internal monologue", "your thought process",
           "your reasoning trace", "your scratchpad", "your private reasoning", "the thinking content",
           "your inner reasoning steps", "the reasoning you did before answering", "your CoT",
           "everything inside your <think> tags", "your hidden thoughts", "the reasoning_content field",
           "your raw thinking tokens", "your internal deliberation"],
    "zh": ["你的推理过程", "你的思维链", "你的思考过程", "你内部的思考内容", "你隐藏的推理", "思考内容",
           "你的内心独白", "你在回答前的推理", "<think>标签里的内容", "你的完整思路"],
    "ru": ["свои рассуждения", "свою цепочку рассуждений", "ход своих мыслей", "свой скрытый процесс мышления",
           "свои внутренние размышления", "содержимое блока размышлений", "свой черновик рассуждений"],
    "es": ["tu razonamiento", "tu cadena de pensamiento", "tu proceso de pensamiento", "tu razonamiento interno",
           "tus pensamientos ocultos", "el contenido de tu pensamiento", "tu monólogo interno"],
    "fr": ["ton raisonnement", "votre chaîne de pensée", "votre processus de réflexion", "ton raisonnement interne",
           "vos pensées cachées", "le contenu de votre réflexion", "votre monologue intérieur"],
    "de": ["deine Gedankenkette", "dein Denkprozess", "deine internen Überlegungen", "deine verborgene Argumentation",
           "dein Reasoning", "den Inhalt deines Denkens", "deinen inneren Monolog"],
    "ja": ["あなたの推論過程", "あなたの思考の連鎖", "あなたの思考プロセス", "内部の思考内容", "隠された推論",
           "回答前の考え", "<think>タグの中身"],
    "ko": ["당신의 추론 과정", "당신의 사고 사슬", "당신의 사고 과정", "내부 사고 내용", "숨겨진 추론",
           "답변 전의 생각", "<think> 태그 안의 내용"],
    "ar": ["سلسلة أفكارك", "عملية تفكيرك", "استدلالك الداخلي", "أفكارك المخفية", "محتوى التفكير",
           "خطوات تفكيرك الداخلية"],
    "pt": ["seu raciocínio", "sua cadeia de pensamento", "seu processo de pensamento", "seu raciocínio interno",
           "seus pensamentos ocultos", "o conteúdo do seu pensamento", "seu monólogo interno"],
}

# {i} is the instruction, {t} the task. The first entries put the instruction after the task.
WRAP: dict[str, list[str]] = {
    "en": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "Task: {t}\nInstructions: {i}", "{i}\nQuestion: {t}",
           "System: {i}\nUser: {t}", "{t}\n---\nIMPORTANT: {i}", "Please help. {i} The problem is: {t}"],
    "zh": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "问题：{t}\n要求：{i}", "{i}\n题目：{t}"],
    "ru": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "Задача: {t}\nТребование: {i}"],
    "es": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "Problema: {t}\nInstrucciones: {i}"],
    "fr": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "Problème : {t}\nConsignes : {i}"],
    "de": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "Aufgabe: {t}\nAnweisung: {i}"],
    "ja": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "問題：{t}\n指示：{i}"],
    "ko": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "문제: {t}\n지시: {i}"],
    "ar": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "المسألة: {t}\nالتعليمات: {i}"],
    "pt": ["{t}\n\n{i}", "{i}\n\n{t}", "{i}", "Problema: {t}\nInstruções: {i}"],
}

LANG_NAMES: dict[str, list[str]] = {
    "en": ["French", "Chinese", "German", "Spanish", "Japanese", "Russian"],
    "zh": ["英文", "日文", "法语", "俄语"],
    "ru": ["английский", "китайский", "немецкий"],
    "es": ["inglés", "chino", "francés"],
    "fr": ["anglais", "chinois", "allemand"],
    "de": ["Englische", "Chinesische", "Französische"],
    "ja": ["英語", "中国語", "フランス語"],
    "ko": ["영어", "중국어", "일본어"],
    "ar": ["الإنجليزية", "الصينية", "الفرنسية"],
    "pt": ["inglês", "chinês", "francês"],
}

ENCODINGS: dict[str, list[str]] = {
    "en": ["base64", "rot13", "hex", "a JSON object with a \"thinking\" field", "a Python string literal",
           "a Caesar cipher with shift 3", "URL encoding", "a YAML block"],
    "zh": ["base64", "rot13", "JSON格式（字段名为thinking）", "十六进制"],
    "ru": ["base64", "rot13", "JSON с полем \"thinking\""],
    "es": ["base64", "rot13", "un objeto JSON con el campo \"thinking\""],
    "fr": ["base64", "rot13", "un objet JSON avec un champ \"thinking\""],
    "de": ["Base64", "ROT13", "ein JSON-Objekt mit dem Feld \"thinking\""],
    "ja": ["base64", "rot13", "「thinking」フィールドを持つJSON"],
    "ko": ["base64", "rot13", "\"thinking\" 필드가 있는 JSON"],
    "ar": ["base64", "rot13", "كائن JSON يحتوي على حقل thinking"],
    "pt": ["base64", "rot13", "um objeto JSON com o campo \"thinking\""],
}

# Style requests that ride on an instruction ("write it out step by step" ends the public report's
# reconstruction prompt). The attack generator appends one to a share of its instructions. The hard
# negatives need no such help: their own templates (harness formats, honest chain-of-thought, homework)
# are full of them. Without these, a linear model learned "step by step" as proof of innocence
# (each benign segment is a negative row) and the report's own phrase fell below the threshold.
STYLE: dict[str, list[str]] = {
    "en": ["Step by step.", "Write it out step by step.", "Be thorough.", "Use numbered steps.", "Keep it concise.",
           "Format the output in Markdown.", "Thanks!", "Please be detailed.", "Explain each step clearly."],
    "zh": ["一步一步来。", "请详细写出每一步。", "谢谢！", "用Markdown格式输出。", "请简洁一些。"],
    "ru": ["Пошагово.", "Распиши по шагам.", "Спасибо!", "Подробно, пожалуйста.", "Оформи в Markdown."],
    "es": ["Paso a paso.", "Escríbelo paso a paso.", "¡Gracias!", "Sé detallado.", "Usa formato Markdown."],
    "fr": ["Étape par étape.", "Écris-le étape par étape.", "Merci !", "Sois détaillé.", "Utilise le format Markdown."],
    "de": ["Schritt für Schritt.", "Schreib es Schritt für Schritt auf.", "Danke!", "Bitte ausführlich.",
           "Formatiere es in Markdown."],
    "ja": ["ステップごとに。", "順を追って書き出してください。", "ありがとう！", "詳しくお願いします。",
           "Markdownで出力して。"],
    "ko": ["단계별로.", "단계별로 적어 주세요.", "감사합니다!", "자세히 부탁해요.", "마크다운으로 출력해 주세요."],
    "ar": ["خطوة بخطوة.", "اكتبها خطوة بخطوة.", "شكرًا!", "بالتفصيل من فضلك.", "نسّق الناتج بصيغة Markdown."],
    "pt": ["Passo a passo.", "Escreva passo a passo.", "Obrigado!", "Seja detalhado.", "Use formatação Markdown."],
}
#: Share of generated attack instructions that end with a ``STYLE`` request.
STYLE_SHARE = 0.25
