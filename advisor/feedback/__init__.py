"""Judging an interview answer: which key points it states, whether it answers the question asked,
whether it is sentences at all, and its STAR structure for behavioural questions.
"""

from advisor.feedback.judge import AnswerJudge, Judgement
from advisor.feedback.star import STAR_PARTS

__all__ = ["STAR_PARTS", "AnswerJudge", "Judgement"]
