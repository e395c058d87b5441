"""Writes of smart intake: training routing models, recording feedback, indexing, assessing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from threadpoolctl import threadpool_limits

from xinfang.common.exceptions import NotFound
from xinfang.orgs.models import User
from xinfang.petitions.constants import LinkKind
from xinfang.petitions.keycase import key_case_mark_repeat
from xinfang.petitions.lifecycle import TERMINAL, Act
from xinfang.petitions.models import Category, Petition, PetitionEvent, PetitionLink
from xinfang.petitions.selectors import petitions_visible_to

from .classifier import MIN_EXAMPLES, Doc, TextClassifier, doc_of, quick_family
from .indexing import intake_backfill
from .models import DomainTerm, RiskAlert, RoutingFeedback, RoutingModel
from .text import dictionary_load

Target = RoutingModel.Target


@dataclass
class TrainingSet:
    docs: list[Doc]
    labels: dict[str, list[str]]


def training_set(*, limit: int = 20000) -> TrainingSet:
    """Closed petitions and any petition whose routing a registrar confirmed or corrected."""
    corrected = RoutingFeedback.objects.values("petition_id")
    rows = (
        Petition.objects.filter(Q(status__in=TERMINAL) | Q(pk__in=corrected))
        .select_related("category", "location_unit")
        .order_by("-received_at")[:limit]
    )
    petitions = list(rows)
    units = dict(
        PetitionEvent.objects.filter(petition__in=[p.pk for p in petitions], kind=Act.DISPATCH)
        .order_by("petition_id", "seq")
        .values_list("petition_id", "payload__to_unit")
    )
    docs = [doc_of(p.title, p.content, p.location_unit.name) for p in petitions]
    labels: dict[str, list[str]] = {
        Target.CATEGORY: [p.category.code for p in petitions],
        Target.UNIT: [str(units.get(p.pk, "")) for p in petitions],
        Target.TYPE: [p.type for p in petitions],
        Target.LITIGATION: [str(p.litigation_related) for p in petitions],
    }
    return TrainingSet(docs, labels)


def unlabelled_docs(*, exclude: int, limit: int = 20000) -> list[Doc]:
    """The bureau's other petitions (not closed, no confirmed routing), newest first: texts only.

    They teach the classifier's corpus axes (LSA); none of their labels is read. ``exclude``
    is the training set's size, so together they stay within ``limit`` texts.
    """
    corrected = RoutingFeedback.objects.values("petition_id")
    rows = (
        Petition.objects.exclude(Q(status__in=TERMINAL) | Q(pk__in=corrected))
        .order_by("-received_at")
        .values_list("title", "content", "location_unit__name")[: max(limit - exclude, 0)]
    )
    return [doc_of(title, content, unit or "") for title, content, unit in rows]


def category_terms() -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {c.code: [c.name] for c in Category.objects.all()}
    for word, code in DomainTerm.objects.exclude(category_code="").values_list("word", "category_code"):
        terms.setdefault(code, []).append(word)
    return terms


def routing_models_train(
    *, progress: Callable[[str], None] | None = None, quick: bool = False
) -> list[RoutingModel]:
    """Train one model per target that has at least two labels with enough examples.

    The petitions outside the training set (open, unconfirmed) join as unlabelled texts: the
    corpus axes learn from every petition's wording, never from a label of theirs.
    Each model chooses its pipeline by inner cross-validation on its own training data; the
    figures stored and printed are that cross-validation's (chosen pipeline and the baseline
    on the same folds), never scores on the training data. Labels with fewer than
    ``MIN_EXAMPLES`` examples are reported and left to the rules (routing table, category
    defaults), which answer wherever the model cannot.
    """
    dictionary_load(list(DomainTerm.objects.values_list("word", flat=True)))
    data = training_set()
    # The problems are small and sparse: BLAS worker threads only wait on each other (the demo's
    # training took 26 s of CPU with them, 19 s without), and a 2-core server has other work.
    unlabelled = unlabelled_docs(exclude=len(data.docs))
    with threadpool_limits(limits=1):
        return _train_targets(data, progress, quick=quick, unlabelled=unlabelled)


def _train_targets(
    data: TrainingSet, progress: Callable[[str], None] | None, *, quick: bool, unlabelled: list[Doc]
) -> list[RoutingModel]:
    trained = []
    for target, all_labels in data.labels.items():
        keep = [i for i, label in enumerate(all_labels) if label]
        labels = [all_labels[i] for i in keep]
        learnable = [label for label, n in Counter(labels).items() if n >= MIN_EXAMPLES]
        if len(learnable) < 2:
            if progress:
                progress(f"{target}: 可学习的类别不足两个（每类至少 {MIN_EXAMPLES} 件），由规则提供建议")
            continue
        if target in (Target.TYPE, Target.LITIGATION) and _follows_category(data, target):
            if progress:
                progress(f"{target}: 每个问题分类只有一个取值，由分类默认值给出建议，不训练模型")
            continue
        docs = [data.docs[i] for i in keep]
        terms = category_terms() if target == Target.CATEGORY else None
        model = TextClassifier.train(
            docs,
            labels,
            label_terms=terms,
            small="rules",
            candidates=quick_family(corpus=bool(unlabelled)) if quick else None,
            unlabelled=unlabelled,
        )
        metrics = {**model.report, "items": len(docs), "classes": len(model.labels)}
        trained.append(_store(target, model, len(docs), metrics))
        if progress:
            small = model.report["small_classes"]
            note = f"；{len(small['classes'])} 个样本不足的类别由规则提供建议" if small else ""
            chosen, baseline = (
                "未评估" if value is None else value
                for value in (model.report["inner_cv_macro_f1"], model.report["inner_cv_baseline_macro_f1"])
            )
            progress(
                f"{target}: {len(docs)} 件, 选用 {model.report['pipeline']}, "
                f"交叉验证 macro-F1 {chosen}（基线 {baseline}）{note}"
            )
    return trained


def _follows_category(data: TrainingSet, target: str) -> bool:
    """True when every petition carries its category's default ``target``: the rules already know it."""
    defaults = {
        code: (kind if target == Target.TYPE else str(litigation))
        for code, kind, litigation in Category.objects.values_list(
            "code", "default_type", "litigation_related"
        )
    }
    return all(
        defaults.get(category) == value
        for category, value in zip(data.labels[Target.CATEGORY], data.labels[target], strict=True)
    )


@transaction.atomic
def _store(target: str, model: TextClassifier, size: int, metrics: dict[str, object]) -> RoutingModel:
    version = (RoutingModel.objects.filter(target=target).aggregate(v=Max("version"))["v"] or 0) + 1
    return RoutingModel.objects.create(
        target=target,
        version=version,
        trained_at=timezone.now(),
        data_size=size,
        metrics=metrics,
        blob=model.dumps(),
    )


def routing_feedback_record(*, petition: Petition, suggested: dict[str, str], chosen: dict[str, str]) -> int:
    """Store, per target, the top suggestion shown and the value the registrar saved."""
    rows = [
        RoutingFeedback(
            petition=petition,
            target=target,
            suggested=suggested.get(target, ""),
            chosen=value,
            accepted=suggested.get(target, "") == value,
        )
        for target, value in chosen.items()
        if suggested.get(target)
    ]
    RoutingFeedback.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def risk_alert_acknowledge(*, alert_id: int, user: User) -> RiskAlert:
    """The duty leader confirms having seen a high-risk alert; only alerts on visible petitions."""
    alert = (
        RiskAlert.objects.select_for_update()
        .filter(pk=alert_id, acknowledged_at__isnull=True, petition__in=petitions_visible_to(user))
        .select_related("petition")
        .first()
    )
    if alert is None:
        raise NotFound("该风险预警不存在、无权查看或已被确认")
    alert.acknowledged_at, alert.acknowledged_by = timezone.now(), user
    alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return alert


def intake_setup(*, progress: Callable[[str], None] | None = None) -> list[RoutingModel]:
    """Demo and first install: index and assess every petition, then train models if none exist.

    Returns the models trained now (none when models already exist).
    """
    done = intake_backfill()
    if progress:
        progress(f"查重索引与风险评估：新增 {done} 件")
    if RoutingModel.objects.exists():
        return []
    # A first install chooses between the baseline and the richest pipeline only, so `make run`
    # stays quick; `xinfang intake train` searches the whole family.
    return routing_models_train(progress=progress, quick=True)


@transaction.atomic
def petition_links_confirm(*, petition: Petition, actor: User, picks: list[str]) -> list[PetitionLink]:
    """Links the registrar ticked in the analysis panel: ``"<id>:<kind>:<similarity>"`` each.

    A same-petitioner candidate becomes 重信重访 (REPEAT_OF), a similar text 重复件
    (DUPLICATE_OF). Only petitions the actor may see can be linked; the link records a
    finding, the decision (不予受理 / 不再受理, Art. 19(3), 36(3)) stays a separate act.
    """
    wanted: dict[int, tuple[str, float | None]] = {}
    for pick in picks:
        pk, _, rest = pick.partition(":")
        kind, _, similarity = rest.partition(":")
        if pk.isdigit() and int(pk) != petition.pk:
            link = LinkKind.REPEAT_OF if kind == "same_petitioner" else LinkKind.DUPLICATE_OF
            wanted[int(pk)] = (link, _float(similarity))
    targets = petitions_visible_to(actor).filter(pk__in=list(wanted))
    links = [
        PetitionLink.objects.get_or_create(
            source=petition,
            target=target,
            kind=wanted[target.pk][0],
            defaults={"similarity": wanted[target.pk][1], "created_by": actor, "note": "登记时智能分析"},
        )[0]
        for target in targets
    ]
    if any(link.kind == LinkKind.REPEAT_OF for link in links):
        key_case_mark_repeat(petition)  # 重信重访 makes it a key case (same transaction)
    return links


def _float(text: str) -> float | None:
    try:
        return round(float(text), 2)
    except ValueError:
        return None
