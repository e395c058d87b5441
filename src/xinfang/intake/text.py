"""The Chinese text pipeline every model sees: simplified script, personal numbers masked, jieba words.

Masking comes first, so no ID or phone number ever reaches a stored model, a topic
keyword or an index. The domain dictionary (DomainTerm, editable by admins) keeps
petition terms such as 拖欠工资 or 物业费 whole when jieba would split them.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

import jieba
from opencc import OpenCC

from xinfang.common.masking import mask_pii_in_text

jieba.setLogLevel(logging.WARNING)

# Built-in terms; bureaus add their own through the admin (DomainTerm).
BUILTIN_TERMS = (
    "拖欠工资",
    "农民工",
    "讨薪",
    "欠薪",
    "物业费",
    "物业公司",
    "业主委员会",
    "维修基金",
    "征收补偿",
    "拆迁补偿",
    "安置房",
    "逾期交房",
    "不动产登记",
    "违章建筑",
    "违建",
    "油烟扰民",
    "噪音扰民",
    "占道经营",
    "渣土车",
    "学区划分",
    "校外培训",
    "医疗纠纷",
    "医保报销",
    "社保缴纳",
    "养老保险",
    "低保",
    "公积金",
    "劳动合同",
    "工伤认定",
    "网约车",
    "公交线路",
    "停车收费",
    "环境污染",
    "垃圾分类",
    "扬言",
    "进京",
    "越级",
    "上访",
    "信访",
    "涉法涉诉",
    "强制实习",
    "夜宵摊",
)
STOPWORDS = frozenset(
    "的 了 和 是 在 我 我们 你 你们 他 她 他们 有 也 就 都 而 及 与 或 一个 没有 这个 那个 这 那 请 您 "
    "对 把 被 让 给 向 从 到 于 以 为 及其 因为 所以 但是 如果 还 又 很 非常 已经 可以 能 要 会 将 等 "
    "希望 相关 问题 情况 反映 领导 政府 部门 尊敬 你好 您好 谢谢 感谢 现在 目前 一直 多次 至今".split()
)
_TOKEN = re.compile(r"[\u4e00-\u9fff]{2,}|[a-zA-Z]{2,}")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


def normalise(text: str) -> str:
    """Traditional -> simplified, personal numbers masked, whitespace collapsed."""
    text = _converter().convert(text or "")
    text = mask_pii_in_text(text)
    return re.sub(r"\s+", " ", text).strip()


_loaded_terms: set[str] = set()


def dictionary_load(extra: tuple[str, ...] | list[str] = ()) -> None:
    """Teach jieba the built-in and the bureau's own terms (idempotent, thread-safe).

    Terms are tagged ``nz`` (other proper noun) so part-of-speech filtering keeps them.
    """
    with _lock:
        added = False
        for word in (*BUILTIN_TERMS, *extra):
            if word and word not in _loaded_terms:
                jieba.add_word(word, freq=20000, tag="nz")
                _loaded_terms.add(word)
                added = True
        if added:
            cached_words.cache_clear()


def loaded() -> bool:
    return bool(_loaded_terms)


def dictionary_terms() -> list[str]:
    """Every term jieba has been taught in this process (stored with a trained model)."""
    with _lock:
        return sorted(_loaded_terms)


def words(text: str) -> list[str]:
    """Content words of normalised text: jieba tokens of two or more characters, no stopwords."""
    if not _loaded_terms:
        dictionary_load()
    return [w for w in jieba.cut(text) if _TOKEN.fullmatch(w) and w not in STOPWORDS]


@lru_cache(maxsize=100_000)
def cached_words(text: str) -> tuple[str, ...]:
    """``words`` memoised per text (cleared when the dictionary grows): inner CV segments once."""
    return tuple(words(text))


def analyse(text: str) -> list[str]:
    """The analyzer handed to scikit-learn: normalise then segment."""
    return words(normalise(text))
