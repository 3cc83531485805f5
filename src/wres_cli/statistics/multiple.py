"""Multiple comparisons: Holm's step-down adjustment of a family of p-values.

With ``--groups detailed`` every minority group is compared with White, so one indicator gives several
p-values at once, and the chance that at least one of them is below 0.05 by chance alone grows with their
number. Holm's method (1979) controls that chance (the family-wise error rate) at the chosen level, without
assuming the comparisons are independent, and is uniformly more powerful than Bonferroni's.
"""

from __future__ import annotations

import numpy as np


def holm(p_values) -> np.ndarray:
    """Holm-adjusted p-values, in the order given; NaN stays NaN and is not counted in the family.

    Sorted ascending, the i-th smallest of m p-values becomes max over j <= i of min(1, (m - j + 1)·p_(j)).
    """
    p = np.asarray(p_values, dtype=np.float64)
    out = np.full(p.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    m = present.size
    if not m:
        return out
    order = present[np.argsort(p[present], kind="stable")]
    scaled = (m - np.arange(m)) * p[order]
    out[order] = np.minimum(1.0, np.maximum.accumulate(scaled))
    return out
