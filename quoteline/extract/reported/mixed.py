"""Mixed quotes: a quote of five or more words inside reported content that makes up most of it becomes a
direct statement of the same speaker in place of the reported one; a quote that is a minor part of it stays
inside the reported statement, which is then the one statement given (ANNOTATION.md lets either stand for a
mixed quote)."""

from __future__ import annotations

from quoteline.extract.context import Context
from quoteline.extract.cues import CueMatch
from quoteline.extract.model import Draft
from quoteline.extract.quote_words import MIN_QUOTE_WORDS, looks_like_title, word_count
from quoteline.extract.reported.text_scan import first_quote_from

# A quote covering at least this share of the reported content replaces the reported statement: the one
# direct statement still matches the reported one word-for-word well enough (ANNOTATION.md's mixed quotes).
_MIXED_SHARE = 0.4


def with_mixed_quotes(ctx: Context, drafts: list[Draft], a: int, b: int, cue: CueMatch) -> list[Draft]:
    """The statements for reported content holding quotes of five or more words: the quotes as direct
    statements when they cover ``_MIXED_SHARE`` of the content or more, else the reported drafts alone."""
    w = ctx.work
    out: list[Draft] = []
    total = max(1, word_count(w[a:b]))
    covered = 0
    k = ctx.quote_at(a)
    k = k if k >= 0 else first_quote_from(ctx, a)
    while 0 <= k < len(ctx.quotes) and ctx.quotes[k].open < b:
        q = ctx.quotes[k]
        n = word_count(w[q.inner.start : q.inner.end])
        if n >= MIN_QUOTE_WORDS and k in ctx.consumed_quotes:
            # Already a direct statement (`called the plan "..."`, read before reported speech): it still
            # covers these words, so the 40 % rule decides as if this cue had taken it.
            covered += n
        elif n >= MIN_QUOTE_WORDS and not looks_like_title(
            w[q.inner.start : q.inner.end].strip().rstrip(",.?")
        ):
            # (`said on "Harbour Week With Edda Orrin" that …`: a programme's name is no one's words.)
            ctx.consumed_quotes.add(k)
            covered += n
            for d in drafts:
                out.append(
                    Draft(
                        d.speaker,
                        "direct",
                        d.cue,
                        d.cue_span,
                        [(q.inner.start, q.inner.end)],
                        d.clause,
                        d.stance_hint,
                        d.context,
                    )
                )
                ctx.last_direct = d.speaker
        k += 1
    if covered / total < _MIXED_SHARE:
        # The quote is a minor part of what was reported: the reported statement holds it, and one
        # statement is what ANNOTATION.md prefers; a direct copy beside it would count twice.
        return drafts
    return out
