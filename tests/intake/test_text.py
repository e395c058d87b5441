"""The text pipeline: simplified script, masked numbers, domain words kept whole."""

from xinfang.intake.text import analyse, dictionary_load, normalise, words


def test_traditional_is_simplified_and_numbers_are_masked() -> None:
    text = normalise("業主反映物業費問題，電話13912345678，身份證110101199003074514")
    assert "业主" in text and "物业费" in text
    assert "13912345678" not in text and "110101199003074514" not in text


def test_domain_terms_stay_whole_and_stopwords_go() -> None:
    tokens = analyse("我们反映工地拖欠工资的问题")
    assert "拖欠工资" in tokens and "我们" not in tokens and "问题" not in tokens


def test_bureau_terms_can_be_added() -> None:
    dictionary_load(["青溪夜市"])
    assert "青溪夜市" in words("青溪夜市油烟扰民")
