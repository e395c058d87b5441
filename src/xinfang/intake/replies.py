"""Reply assistant for the 信访处理意见书 (Art. 32): 类案参考 and 答复评查.

- ``reply_references``: the most similar *closed* petitions the user may see (through
  ``petitions_visible_to``: data scope, and an accusation never reaches the accused unit or
  person, Art. 30), each with its outcome and the reply that was issued. Candidates are the
  near-duplicate index's best-ranked petitions plus the newest closed ones of the same
  category (bounded reads), ranked by character-bigram TF-IDF cosine with this petition.
- ``reply_check``: reads a draft and names every missing element as a warning — it answers the
  petitioner's actual request (relevance), states the facts found, the outcome (予以支持 /
  解释说明 / 不予支持) and its legal or policy basis, and the remedy (the 复查 organ and the
  30-day window, Art. 35). Never a bare score: each warning says what is missing.

``relevance`` is the one measure of "does this reply answer this message" (TF-IDF cosine of
character bigrams), evaluated on 附件4 (swapped replies, own-reply retrieval) by
``benchmarks/intake_replies.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from xinfang.common.masking import mask_pii_in_text
from xinfang.orgs.models import Unit, User
from xinfang.petitions.constants import ReplyOutcome
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition, PetitionEvent
from xinfang.petitions.selectors import petitions_visible_to

from .duplicates import compact, keys_of, petition_text, ranked_candidates, signature, text_cosines
from .keywords import keywords_of
from .text import normalise

SAME_CATEGORY = 300  # newest closed petitions of the category considered besides the index's
# TF-IDF cosine below which a draft is said not to answer the request: on 附件4, 11% of the real
# replies and 92% of swapped ones fall below it (docs/benchmarks.md).
RELEVANCE_WARN = 0.03


@dataclass(frozen=True)
class Reference:
    petition_id: int
    number: str
    title: str
    similarity: float
    outcome: str
    outcome_label: str
    opinion: str
    legal_basis: str
    unit: str
    closed_on: str


def _unit_name(unit_id: int | None, names: dict[int, str]) -> str:
    return names.get(unit_id or 0, "")


def reply_references(*, user: User, petition: Petition, limit: int = 5) -> list[Reference]:
    """Similar closed petitions the user may see, with their outcome and reply, most similar first."""
    visible = petitions_visible_to(user).filter(status=Status.CLOSED).exclude(pk=petition.pk)
    text_sig, title_sig = (
        signature(petition_text(petition.title, petition.content)),
        signature(petition.title),
    )
    near = [pk for pk, _ in ranked_candidates(keys_of(text_sig, title_sig), exclude=petition.pk)]
    same_category = list(
        visible.filter(category_id=petition.category_id)
        .order_by("-received_at")
        .values_list("pk", flat=True)[:SAME_CATEGORY]
    )
    rows = list(
        visible.filter(pk__in={*near, *same_category}).values_list("pk", "number", "title", "content")
    )
    if not rows:
        return []
    query = normalise(f"{petition.title} {petition.request} {petition.content}")
    texts = [normalise(f"{title} {content}") for _, _, title, content in rows]
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True).fit_transform(
        [query, *texts]
    )
    vectors = normalize(vectors)
    similarity = np.asarray((vectors[1:] @ vectors[0].T).todense()).ravel()
    best = [int(i) for i in np.argsort(similarity)[::-1][:limit] if similarity[i] > 0]
    chosen = [rows[i][0] for i in best]
    replies: dict[int, dict[str, object]] = {}
    for pk, payload, unit_id, at in (
        PetitionEvent.objects.filter(petition_id__in=chosen, kind=Act.REPLY)
        .order_by("petition_id", "seq")
        .values_list("petition_id", "payload", "actor_unit_id", "occurred_at")
    ):
        replies[pk] = {**payload, "unit_id": unit_id, "at": at}  # the last reply wins
    units = dict(
        Unit.objects.filter(pk__in=[r["unit_id"] for r in replies.values()]).values_list("pk", "name")
    )
    out = []
    for i in best:
        pk, number, title, _ = rows[i]
        reply = replies.get(pk)
        if reply is None:  # closed without an opinion (mediation, suggestion): not a reply model
            continue
        outcome = str(reply.get("outcome", ""))
        out.append(
            Reference(
                pk,
                number,
                title,
                round(float(similarity[i]), 2),
                outcome,
                ReplyOutcome(outcome).label if outcome in ReplyOutcome.values else "",
                mask_pii_in_text(str(reply.get("opinion", ""))),
                str(reply.get("legal_basis", "")),
                _unit_name(reply["unit_id"], units),  # type: ignore[arg-type]
                # The reply's day in Beijing: the stored time is UTC, eight hours behind.
                timezone.localdate(reply["at"]).isoformat() if reply.get("at") else "",  # type: ignore[arg-type]
            )
        )
    return out


# --- 答复评查: what a 信访处理意见书 must contain --------------------------------------------

FACTS = re.compile(
    r"经(过)?(调查|核实|核查|查明|了解|现场|实地|走访|查)|查明|调查(发现|核实|了解|情况)|核实(情况|发现)|现已查实"
)
BASIS = re.compile(
    r"《[^》]{2,40}》|第[一二三四五六七八九十百零〇\d]+条|(法律|法规|规章|政策|文件|规定|办法|条例)"
)
OUTCOME_WORDS = {
    ReplyOutcome.SUPPORT: re.compile(r"(予以|给予|决定)支持|诉求(合理|成立)|予以(解决|办理|采纳)"),
    ReplyOutcome.EXPLAIN: re.compile(r"解释|说明|释明|告知"),
    ReplyOutcome.NOT_SUPPORT: re.compile(r"不予支持|不支持|不符合|无(法律|政策)依据"),
}
REVIEW = re.compile(r"复查")
WINDOW = re.compile(r"(30|三十)(个)?日|(30|三十)天|一个月")


@dataclass(frozen=True)
class Warning:
    code: str
    element: str
    message: str
    article: str = "第三十二条"


@dataclass
class DraftCheck:
    warnings: list[Warning] = field(default_factory=list)
    relevance: float = 0.0
    missing_terms: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.warnings


def request_terms(text: str, limit: int = 12) -> list[str]:
    """The petitioner's request as clean keywords, most frequent first (ties: first seen)."""
    seen: dict[str, int] = {}
    for word in keywords_of(normalise(text)):
        seen[word] = seen.get(word, 0) + 1
    return [w for w, _ in sorted(seen.items(), key=lambda kv: -kv[1])][:limit]


def relevance(request: str, reply: str, *, weights: TfidfVectorizer | None = None) -> tuple[float, list[str]]:
    """How closely the reply answers the request, and the request's keywords it leaves out.

    The score is the TF-IDF cosine of character bigrams (the near-duplicate weights learnt
    from the bureau's petitions), so shared rare words count and shared boilerplate does not.
    """
    reply_text = normalise(reply)
    missing = [t for t in request_terms(request) if t not in reply_text]
    score = float(text_cosines(compact(request), ["".join(reply_text.split())], weights)[0])
    return score, missing


def review_organ_names(unit: Unit | None) -> list[str]:
    """The organ(s) one level up that decide a 复查 (Art. 35): the configured ones, else the
    nearest government above the issuing unit."""
    if unit is None:
        return []
    from xinfang.orgs.selectors import review_organs_for

    return [organ.document_name for organ in review_organs_for(unit)]


def reply_check(
    *, petition: Petition, outcome: str, opinion: str, legal_basis: str, unit: Unit | None = None
) -> DraftCheck:
    """Every missing element of a draft 信访处理意见书, each as a named warning."""
    check = DraftCheck()
    draft = normalise(f"{opinion}\n{legal_basis}")
    request = petition.request or f"{petition.title} {petition.content}"
    check.relevance, check.missing_terms = relevance(request, draft)
    warn = check.warnings.append
    if check.relevance < RELEVANCE_WARN:
        named = "、".join(f"“{t}”" for t in check.missing_terms[:4])
        warn(
            Warning("relevance", "回应诉求", f"处理意见未回应信访人的投诉请求：请求中的{named}未在意见中提及")
        )
    if not FACTS.search(draft):
        warn(Warning("facts", "查明事实", "未写明经调查核实查明的事实（如“经调查核实，……”）"))
    if outcome not in ReplyOutcome.values:
        warn(Warning("outcome", "处理结论", "未选择处理结论：予以支持、解释说明或不予支持"))
    else:
        said = [o for o, pattern in OUTCOME_WORDS.items() if pattern.search(draft)]
        if outcome == ReplyOutcome.SUPPORT and ReplyOutcome.NOT_SUPPORT in said:
            warn(Warning("outcome", "处理结论", "所选结论为“予以支持”，但意见中写有“不予支持”等相反表述"))
        elif outcome not in said:
            label = ReplyOutcome(outcome).label
            warn(Warning("outcome", "处理结论", f"意见正文未明确写出处理结论“{label}”"))
    if not legal_basis.strip() or not BASIS.search(normalise(legal_basis)):
        warn(Warning("basis", "依据", "未载明所依据的法律、法规、规章或政策（写明名称和条款）"))
    organs = review_organ_names(unit or petition.current_unit)
    if not REVIEW.search(draft):
        organ = f"（{organs[0]}）" if organs else ""
        warn(Warning("remedy", "救济途径", f"未告知不服时可以请求复查及复查机关{organ}", "第三十五条"))
    else:
        if not WINDOW.search(draft):
            warn(
                Warning("remedy_window", "复查期限", "未写明复查期限：自收到意见书之日起30日内", "第三十五条")
            )
        if organs and not any(name in draft for name in organs):
            warn(
                Warning("remedy_organ", "复查机关", f"未写明复查机关：应为{'或'.join(organs)}", "第三十五条")
            )
    return check
