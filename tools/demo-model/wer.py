"""Word error rate: word-level Levenshtein distance (substitutions + deletions + insertions) / reference words."""


def word_errors(reference, hypothesis):
    """Edit distance between the word lists of two strings; returns (errors, reference word count)."""
    ref, hyp = reference.split(), hypothesis.split()
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1], len(ref)


def wer(references, hypotheses):
    """Corpus WER: total word errors over total reference words (0.0 for an empty reference set)."""
    errors = words = 0
    for ref, hyp in zip(references, hypotheses, strict=True):
        e, n = word_errors(ref, hyp)
        errors += e
        words += n
    return errors / words if words else 0.0
