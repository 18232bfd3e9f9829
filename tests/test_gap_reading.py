"""Reading a résumé as people write it: numbers and counters, company facts, statements, dates."""

from __future__ import annotations

from datetime import date

import pytest

from advisor.gap.career import Span, read_span, whole_years
from advisor.gap.quantities import read_quantities
from advisor.gap.statements import find_whole, states_work


def _largest(sentence: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for quantity in read_quantities(sentence):
        found[quantity.unit] = max(found.get(quantity.unit, 0.0), quantity.value)
    return found


@pytest.mark.parametrize(("sentence", "expected"), [
    ("要員60名、協力会社3社のマルチベンダー体制をPMとして推進", {"people": 60, "vendors": 3}),
    ("４チーム・１２名のSLO導入を主導、年間予算３，５００万円", {"teams": 4, "people": 12, "budget_jpy": 3.5e7}),
    ("総勢約200名・12社の協力会社を取りまとめ", {"people": 200, "vendors": 12}),
    ("2拠点・3部署を横断して生産計画を調整", {"sites": 2, "departments": 3}),
    ("Managed two teams and a team of twelve engineers", {"teams": 2, "people": 12}),
    ("Coordinated twenty-five engineers across 12 squads", {"people": 25, "teams": 12}),
    ("Owned a budget of USD 2.5M across 3 engineering teams", {"budget_jpy": 2.5e6 * 150, "teams": 3}),
    ("Ran a program with 8 workstreams and 6 vendors; team size: 8", {"programs": 8, "vendors": 6, "people": 8}),
])
def test_scope_numbers_are_read_whole_with_their_counter(sentence: str, expected: dict[str, float]) -> None:
    assert _largest(sentence) == pytest.approx(expected)


@pytest.mark.parametrize("sentence", [
    "事業内容:金融機関向けSI 資本金:10億円 従業員数:約2,400名",
    "会員数300万人のECサイトのリニューアル",
    "Globex serves 40 million users and employs 12,000 people.",
    "Initech (1,500 employees, $300M revenue)",
    "5 years leading teams at a payments company",
    "既存顧客約60社のルート営業を担当",
])
def test_company_facts_audiences_and_tenures_are_not_the_persons_scope(sentence: str) -> None:
    assert read_quantities(sentence) == []


@pytest.mark.parametrize(("line", "work"), [
    ("Kenji Sato | Tokyo | kenji@example.com | linkedin.com/in/kenji", False),
    ("TEL: 090-0000-0000 / E-mail: hanako@example.com", False),
    ("期間:2021年4月〜現在 所属:プログラム推進室 役職:シニアTPM", False),
    ("テストリード", False),
    ("Senior Software Engineer, Acme Corp", False),
    ("AWS(EKS、RDS、S3)、Terraform", False),
    ("・CI/CDパイプラインを整備し、デプロイ所要時間を短縮", True),
    ("四半期ごとに経営層へ進捗とリスクを報告。", True),
    ("Tracked tasks for a team of six and sent a weekly status email to the director.", True),
    ("Advise the CEO, CFO and CTO on major technology investments.", True),
])
def test_only_statements_of_work_count(line: str, work: bool) -> None:
    assert states_work(line) is work


@pytest.mark.parametrize(("term", "text", "whole"), [
    ("board", "built the qa dashboard and the onboarding checklist", False),
    ("board", "presented the roadmap to the board", True),
    ("cto", "reported to the cto monthly", True),
    ("cto", "worked with the directory team", False),
    ("役員", "月次で顧客の役員会に報告", True),
])
def test_terms_match_as_whole_words(term: str, text: str, whole: bool) -> None:
    assert find_whole(term, text) is whole


@pytest.mark.parametrize(("line", "years"), [
    ("株式会社サンプル(2018年4月〜2023年3月)", (5, 5)),
    ("Apr 2019 – Mar 2023, Acme", (4, 4)),
    ("2018/04 - 2020/09 開発部", (2, 2)),
    ("Software Engineer, Acme, 2019 – 2023", (3, 5)),
])
def test_periods_give_whole_years_or_a_range(line: str, years: tuple[int, int]) -> None:
    span = read_span(line, "line 1", date(2025, 4, 1))
    assert isinstance(span, Span) and whole_years([span]) == years


def test_overlapping_periods_count_once() -> None:
    today = date(2025, 4, 1)
    company = read_span("株式会社サンプル(2015年4月〜現在)", "line 1", today)
    role = read_span("期間:2020年4月〜現在 役職:TPM", "line 2", today)
    assert company and role and whole_years([company, role]) == (10, 10)
