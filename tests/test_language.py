"""Language identification: the English shortcut must never claim text in
another language, and must agree with the model on English prose."""

from __future__ import annotations

import pytest

from newsweave.clean.language import _identifier, _plainly_english, detect_language

# Invented news paragraphs, one per language, each naming an English title or
# two the way foreign-language reports do.
OTHER_LANGUAGES = {
    "fr": "Le ministre a annoncé mardi que le port de Valmer restera fermé jusqu'à la fin du mois, "
    "selon un communiqué publié par le gouvernement. The Harbour Times avait déjà évoqué cette "
    "décision la semaine dernière, mais les pêcheurs disent ne pas avoir été consultés.",
    "de": "Der Minister kündigte am Dienstag an, dass der Hafen von Valmer bis zum Monatsende "
    "geschlossen bleibt, wie aus einer Mitteilung der Regierung hervorgeht. Die Zeitung The Harbour "
    "Times hatte bereits in der vergangenen Woche darüber berichtet, die Fischer wurden nicht gefragt.",
    "es": "El ministro anunció el martes que el puerto de Valmer permanecerá cerrado hasta final de mes, "
    "según un comunicado publicado por el gobierno. The Harbour Times ya había adelantado la decisión "
    "la semana pasada, pero los pescadores dicen que no fueron consultados.",
    "it": "Il ministro ha annunciato martedì che il porto di Valmer resterà chiuso fino alla fine del mese, "
    "secondo un comunicato diffuso dal governo. The Harbour Times aveva anticipato la decisione la "
    "settimana scorsa, ma i pescatori dicono di non essere stati consultati.",
    "pt": "O ministro anunciou na terça-feira que o porto de Valmer ficará fechado até o fim do mês, "
    "segundo um comunicado divulgado pelo governo. The Harbour Times já tinha antecipado a decisão "
    "na semana passada, mas os pescadores dizem que não foram consultados.",
    "nl": "De minister maakte dinsdag bekend dat de haven van Valmer tot het einde van de maand gesloten "
    "blijft, zo staat in een verklaring van de regering. The Harbour Times had het besluit vorige week "
    "al gemeld, maar de vissers zeggen dat zij niet zijn geraadpleegd.",
    "sv": "Ministern meddelade på tisdagen att hamnen i Valmer förblir stängd till slutet av månaden, "
    "enligt ett pressmeddelande från regeringen. The Harbour Times rapporterade om beslutet redan "
    "förra veckan, men fiskarna säger att de inte har tillfrågats.",
    "pl": "Minister ogłosił we wtorek, że port w Valmer pozostanie zamknięty do końca miesiąca, jak "
    "wynika z komunikatu rządu. The Harbour Times informował o tej decyzji już w zeszłym tygodniu, "
    "ale rybacy twierdzą, że nikt ich nie pytał o zdanie.",
}

ENGLISH = [
    "The minister said on Tuesday that the port of Valmer would stay closed until the end of the month, "
    "according to a statement the government released after a meeting with the harbour authority.",
    "Fishermen who have worked the bay for decades said they were not consulted, and that their boats "
    "had been idle since the storm. Officials did not say when the decision would be reviewed.",
    "Asked about the cost, a spokeswoman for the ministry said it was too early to tell, but that the "
    "repairs to the north pier alone could take three weeks if the weather held.",
]


@pytest.mark.parametrize("code", sorted(OTHER_LANGUAGES))
def test_other_languages_are_left_to_the_model(code: str) -> None:
    text = OTHER_LANGUAGES[code]
    assert not _plainly_english(text[:400])
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ENGLISH)
def test_english_shortcut_agrees_with_the_model(text: str) -> None:
    assert _plainly_english(text[:400])
    assert _identifier().classify(text[:400])[0] == "en"
    assert detect_language(text) == "en"


def test_short_or_empty_text_has_no_language() -> None:
    assert detect_language("") is None
    assert detect_language("Breaking: port closed") is None


def test_english_with_accented_names_goes_to_the_model() -> None:
    text = ENGLISH[0] + " The mayor, José Müller, said the closure was the right call for the town."
    assert not _plainly_english(text[:400] + " José")
    assert detect_language(text) == "en"
