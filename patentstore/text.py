"""Words of patent text: jieba for Chinese (search mode, so 锂电池 also yields 电池), lower-case
words for Latin script. Shared by the full-text index and the technology clusters."""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

# Function words that carry no topic (a stop list, not reference data).
_STOP_WORDS = (
    "的 了 和 与 及 或 在 是 等 其 该 所述 一种 一 种 以及 用于 包括 通过 进行 基于 本 发明 实用新型 涉及 "
    "a an the of and or to in for with on by is are be as at from that this which said wherein"
)
STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_LATIN = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")


@cache
def _jieba() -> Any:  # jieba ships no types
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _keep(token: str) -> bool:
    token = token.strip()
    return bool(token) and token not in STOP and bool(_WORD.search(token))


def index_tokens(text: str) -> list[str]:
    """Every word of a text as the index stores it (search mode: words and their parts)."""
    if not text:
        return []
    return [t.strip() for t in _jieba().lcut_for_search(text.lower()) if _keep(t)]


def topic_words(text: str) -> list[str]:
    """Words that can name a topic: Chinese words of two characters or more, Latin words of
    three letters or more, no stop words, no numbers."""
    words = []
    for token in _jieba().lcut(text.lower()):
        token = token.strip()
        if token in STOP or not token or token.isdigit():
            continue
        if _LATIN.fullmatch(token):
            if len(token) >= 3 and not token[0].isdigit():
                words.append(token)
        elif len(token) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in token):
            words.append(token)
    return words
