"""Mathematics written in ASCII, for the plain line mode: `W.T` for `Wᵀ`, `*` for `⊙`, `sum` for
`Σ`, `x_i` for `xᵢ`, `x^2` for `x²`.

The notation's own printer (`nodes.render`, and `tidy` over it) already writes ASCII; what is
not ASCII comes from people: the prose of question files (prompts, hints, explanations, titles)
and the few symbols of the engine's labels (`∂loss/∂W`, `→`, `…`). A screen reader says
"modifier letter capital T" for `ᵀ`, so the plain mode sends every line through `to_ascii`.
Letters of other scripts (Chinese) are kept: only mathematical symbols are respelled.
"""

from __future__ import annotations

import re

_SYMBOLS = {
    "⊙": "*",
    "⊗": " kron ",
    "∘": "*",
    "·": "*",
    "×": "x",
    "−": "-",
    "±": "+/-",
    "∂": "d",
    "∇": "grad ",
    "√": "sqrt",
    "‖": "||",
    "∈": "in",
    "∞": "inf",
    "→": "->",
    "←": "<-",
    "⇒": "=>",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "≈": "~=",
    "≫": ">>",
    "≪": "<<",
    "½": "1/2",
    "′": "'",
    "″": "''",
    "‴": "'''",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "—": "--",
    "–": "-",
    "…": "...",
    "ℓ": "l",
    "ℝ": "R",
    "ŷ": "y_hat",
    "\u0302": "_hat",  # a combining circumflex: x̂ is x_hat
    "✓": "ok",
    "✗": "x",
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "Δ": "Delta",
    "ε": "epsilon",
    "η": "eta",
    "θ": "theta",
    "λ": "lambda",
    "μ": "mu",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "φ": "phi",
    "ψ": "psi",
    "ω": "omega",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿᵐˣᶻⁱᵏ", "0123456789-+nmxzik", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ᵢⱼₖₛₙₘₜₓₐₑₒ", "0123456789ijksnmtxaeo", strict=True))
_WORDS = {"ᵀ": ".T", "⊤": ".T", "Σ": "sum", "∑": "sum", "∏": "prod"}
# A run of superscripts, of subscripts, or a word-like symbol; then whether a letter follows
# (`aᵢxᵢ` is `a_i x_i`, `Wᵀx` is `W.T x`, `Σx` is `sum x`, but `Σᵢ` is `sum_i`).
_RUN = re.compile(
    f"(?:([{''.join(_SUPERSCRIPTS)}]+)|([{''.join(_SUBSCRIPTS)}]+)|([{''.join(_WORDS)}]))"
    r"(?=(\w))?"
)
_TABLE = str.maketrans(_SYMBOLS)


def to_ascii(text: str) -> str:
    """`text` with its mathematical symbols spelled in ASCII (a run of superscripts is one
    power, `x⁻¹` is `x^-1`; a run of subscripts one index, `Wᵢⱼ` is `W_ij`)."""
    if text.isascii():
        return text
    return _RUN.sub(_spelled, text).translate(_TABLE)


def _spelled(run: re.Match[str]) -> str:
    if run[1]:
        spelled = "^" + "".join(_SUPERSCRIPTS[char] for char in run[1])
    elif run[2]:
        spelled = "_" + "".join(_SUBSCRIPTS[char] for char in run[2])
    else:
        spelled = _WORDS[run[3]]
    follows = run[4]
    apart = follows is not None and not (run[3] and (follows in _SUBSCRIPTS or follows == "_"))
    return spelled + " " if apart else spelled
