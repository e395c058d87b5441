def test_numbers_inside_free_text_are_masked() -> None:
    from xinfang.common.masking import mask_pii_in_text

    text = "本人身份证110101199003074514，电话13912345678，门牌号1234567890123。"
    masked = mask_pii_in_text(text)
    assert "110101199003074514" not in masked and "110101********4514" in masked
    assert "139****5678" in masked
    assert "1234567890123" in masked  # 13 digits: neither an ID nor a mobile number
