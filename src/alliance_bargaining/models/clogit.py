"""Conditional (fixed-effects) logit: the exact conditional likelihood (Chamberlain 1980).

Given that group g has k_g events among its n_g rows, the probability of the observed set S_g is

    P(S_g | k_g) = exp(sum_{i in S_g} eta_i) / sum_{|T| = k_g} exp(sum_{i in T} eta_i),

eta = x'b, free of the group effect. The denominator is the elementary symmetric polynomial of
degree k_g in s_i = exp(eta_i), computed by the recursion over the group's rows
e_j(m) = e_{j-1}(m) + s_j e_{j-1}(m - 1) (Gail, Lubin and Rubinstein 1981), as Stata's ``clogit``
and statsmodels' ``ConditionalLogit``. Here the recursion runs over row positions for all groups
at once (groups padded to a common length with s = 0, in chunks of similar sizes), not group by
group.

Derivatives. With pi_i = P(i in S | k) = s_i e_{-i}(k - 1) / e(k), the score is X'(y - pi) and the
information X' (d pi / d b): d pi_i = pi_i (x_i - xbar) + s_i d e_{-i}(k - 1) / e(k), xbar = X'pi,
where the leave-one-out polynomial e_{-i} and its gradient come from forward and backward
recursions (prefix and suffix polynomials and their gradients). Numerics: s is scaled by the
group's largest exp(eta) (a factor exp(k max eta) that cancels), and a group with more events
than non-events is flipped (y -> 1 - y, x -> -x: the same likelihood with k <= n / 2), so the
polynomials stay of low degree and bounded by binomial coefficients.
"""

import numpy as np

CHUNK_CELLS = 4_000_000  # padded rows x degree x terms per chunk (bounds the gradient arrays: 32 MB)


def prepare_groups(x: np.ndarray, y: np.ndarray, group: np.ndarray) -> list:
    """Padded chunks of groups: dicts with ``x`` (G, n, p), ``y`` (G, n), ``k`` (G,), ``valid``
    (G, n) and ``group`` (G,: the group codes). ``group`` codes rows 0..G-1; every group must
    have 0 < k < n. Groups with k > n / 2 are flipped (module doc)."""
    n_groups = group.max() + 1
    sizes = np.bincount(group, minlength=n_groups)
    events = np.bincount(group, weights=y, minlength=n_groups).astype(np.int64)
    flip = events > sizes / 2
    sign = np.where(flip[group], -1.0, 1.0)
    x = x * sign[:, None]
    y = np.where(flip[group], 1.0 - y, y)
    k = np.where(flip, sizes - events, events)
    # rows ordered by (events, group size, group), then position within the group: a chunk's cost
    # grows with its largest number of events, and one-event chunks need no gradient recursion
    order = np.lexsort((group, sizes[group], k[group]))
    ordered = group[order]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(ordered)) + 1, [len(order)]])
    members_sorted = ordered[starts[:-1]]
    position = np.arange(len(order)) - np.repeat(starts[:-1], np.diff(starts))
    # chunks of consecutive groups holding about CHUNK_CELLS padded cells each
    cells = (sizes[members_sorted] + 1) * (k.max() + 1) * x.shape[1]
    chunk_of = (np.cumsum(cells) - 1) // CHUNK_CELLS
    bounds = np.concatenate([[0], np.flatnonzero(np.diff(chunk_of)) + 1, [len(members_sorted)]])
    chunks = []
    for first, last in zip(bounds[:-1], bounds[1:], strict=True):
        members = members_sorted[first:last]
        rows = order[starts[first] : starts[last]]
        cell = (np.repeat(np.arange(len(members)), sizes[members]), position[starts[first] : starts[last]])
        index = np.full((len(members), sizes[members].max()), -1)
        index[cell] = rows
        chunk_x = np.zeros((*index.shape, x.shape[1]))
        chunk_x[cell] = x[rows]
        chunk_y = np.zeros(index.shape)
        chunk_y[cell] = y[rows]
        chunks.append({"x": chunk_x, "y": chunk_y, "k": k[members], "valid": index >= 0, "group": members})
    return chunks


def derivatives(chunk: dict, b: np.ndarray):
    """(log-likelihood, score (p,), information (p, p), group scores (G, p)) of one chunk."""
    x, y, k, valid = chunk["x"], chunk["y"], chunk["k"], chunk["valid"]
    n_groups, width, p = x.shape
    degree = k.max()
    eta = x @ b
    top = np.where(valid, eta, -np.inf).max(axis=1)
    s = np.where(valid, np.exp(np.minimum(eta - top[:, None], 0.0)), 0.0)
    forward = np.zeros((n_groups, width + 1, degree + 1))
    forward[:, 0, 0] = 1.0
    backward = np.zeros((n_groups, width + 2, degree + 1))
    backward[:, width, 0] = 1.0
    backward[:, width + 1, 0] = 1.0
    for j in range(width):
        forward[:, j + 1] = forward[:, j]
        forward[:, j + 1, 1:] += s[:, j, None] * forward[:, j, :-1]
        i = width - 1 - j
        backward[:, i] = backward[:, i + 1]
        backward[:, i, 1:] += s[:, i, None] * backward[:, i + 1, :-1]
    groups = np.arange(n_groups)
    total = forward[groups, width, k]
    if not np.all(np.isfinite(total) & (total > 0)):
        raise FloatingPointError("conditional likelihood underflow")
    # leave-one-out polynomial at degree k - 1: sum_a prefix_i(a) suffix_{i+1}(k - 1 - a)
    prefix, suffix = forward[:, :width], backward[:, 1 : width + 1]
    leave_out = np.zeros((n_groups, width))
    for a in range(degree):
        other = k - 1 - a
        use = other >= 0
        leave_out += np.where(
            use[:, None],
            prefix[:, :, a] * suffix[groups, :, np.maximum(other, 0)].reshape(n_groups, width),
            0.0,
        )
    pi = s * leave_out / total[:, None]
    residual = np.where(valid, y - pi, 0.0)
    group_scores = np.einsum("gnp,gn->gp", x, residual)
    llf = float((np.where(valid, y * eta, 0.0)).sum() - (k * top + np.log(total)).sum())
    # gradients of the prefix and suffix polynomials up to degree k - 1 (degree 0 is constant:
    # one-event chunks skip the recursion)
    d_forward = np.zeros((n_groups, width + 1, degree, p))
    d_backward = np.zeros((n_groups, width + 2, degree, p))
    for j in range(width if degree > 1 else 0):
        d_forward[:, j + 1] = d_forward[:, j]
        d_forward[:, j + 1, 1:] += s[:, j, None, None] * (
            x[:, j, None, :] * forward[:, j, : degree - 1, None] + d_forward[:, j, :-1]
        )
        i = width - 1 - j
        d_backward[:, i] = d_backward[:, i + 1]
        d_backward[:, i, 1:] += s[:, i, None, None] * (
            x[:, i, None, :] * backward[:, i + 1, : degree - 1, None] + d_backward[:, i + 1, :-1]
        )
    d_prefix, d_suffix = d_forward[:, :width], d_backward[:, 1 : width + 1]
    d_leave_out = np.zeros((n_groups, width, p))
    for a in range(degree if degree > 1 else 0):
        other = np.maximum(k - 1 - a, 0)
        use = (k - 1 - a >= 0)[:, None, None]
        d_leave_out += np.where(
            use,
            d_prefix[:, :, a] * suffix[groups, :, other][:, :, None]
            + prefix[:, :, a, None] * d_suffix[groups, :, other],
            0.0,
        )
    mean = np.einsum("gnp,gn->gp", x, pi)
    d_pi = pi[:, :, None] * (x - mean[:, None, :]) + (s / total[:, None])[:, :, None] * d_leave_out
    d_pi = np.where(valid[:, :, None], d_pi, 0.0)
    information = np.einsum("gnp,gnq->pq", x, d_pi)
    return llf, group_scores.sum(axis=0), (information + information.T) / 2, group_scores
