//! A layered layout for pictures of progressions (after Sugiyama): boxes in
//! columns (layers), ordered within each column to reduce edge crossings,
//! placed vertically so that lines run straight where they can, and lines
//! routed in the gaps between columns, never across a box.
//!
//! A line between columns that are not next to each other passes through a
//! dummy slot in every column between: a thin lane between two boxes. A line
//! between two boxes of one column bows out into the gap beside it.
//!
//! Pure: no I/O, and the same input gives the same output. With `V` boxes,
//! `E` links and `L` layers there are `S <= V + E·L` slots and `P <= E·L`
//! segments; ordering costs `O(R·(S + P·log P + T))` for `R` bounded rounds,
//! where `T` is the transposition step's `Σ deg(u)·deg(v)` over neighbouring
//! slots; vertical placement `O(R·(S + P))`; routing `O(S + P·log P)`.

/// A point of a picture, in pixels (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// From the left.
    pub x: f64,
    /// From the top.
    pub y: f64,
}

/// A rectangle: its top-left corner, width and height.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// The left edge.
    pub x: f64,
    /// The top edge.
    pub y: f64,
    /// The width.
    pub w: f64,
    /// The height.
    pub h: f64,
}

impl Rect {
    /// The right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether `p` lies inside or on the edge (within a thousandth of a pixel, for rounding).
    pub fn contains(&self, p: Point) -> bool {
        const E: f64 = 1e-3;
        p.x >= self.x - E && p.x <= self.right() + E && p.y >= self.y - E && p.y <= self.bottom() + E
    }

    /// Whether `other` lies wholly inside.
    pub fn encloses(&self, other: &Rect) -> bool {
        self.contains(Point { x: other.x, y: other.y }) && self.contains(Point { x: other.right(), y: other.bottom() })
    }

    /// Whether the two share more than an edge.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }

    /// The smallest rectangle holding every point, or `None` without points.
    fn around(points: impl IntoIterator<Item = Point>) -> Option<Rect> {
        let mut it = points.into_iter();
        let first = it.next()?;
        let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x, first.y);
        for p in it {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
        Some(Rect { x: x0, y: y0, w: x1 - x0, h: y1 - y0 })
    }
}

/// The side of a column a line between two of its boxes bows out to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Into the gap before the column.
    Left,
    /// Into the gap after it.
    Right,
}

/// A line to draw between two boxes, by their indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// Where the line starts.
    pub from: usize,
    /// Where it ends.
    pub to: usize,
    /// Where it bows out when both boxes share a column.
    pub side: Side,
}

/// One piece of a route, after the point where the previous one ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Piece {
    /// A straight line to the point.
    Line(Point),
    /// A cubic Bézier curve through two control points to the last point.
    Cubic(Point, Point, Point),
}

/// The course of one link: where it starts and the pieces after. Empty
/// (no pieces) for a link that cannot be drawn (a box to itself, or an
/// index out of range).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Route {
    /// The start, on the side of the `from` box.
    pub start: Point,
    /// The pieces, the last ending on the side of the `to` box.
    pub pieces: Vec<Piece>,
}

impl Route {
    /// Every point that shapes the route: its start, then each piece's
    /// control points and end. A Bézier curve lies inside the hull of these.
    pub fn points(&self) -> Vec<Point> {
        let mut out = vec![self.start];
        for p in &self.pieces {
            match *p {
                Piece::Line(a) => out.push(a),
                Piece::Cubic(a, b, c) => out.extend([a, b, c]),
            }
        }
        out
    }

    /// The same course, travelled the other way.
    fn reversed(&self) -> Route {
        let Some(end) = self.pieces.last().map(|p| match *p {
            Piece::Line(a) | Piece::Cubic(_, _, a) => a,
        }) else {
            return self.clone();
        };
        // Each piece reversed starts where the next one ended, so walk back with the previous end.
        let mut pieces = Vec::with_capacity(self.pieces.len());
        for (i, p) in self.pieces.iter().enumerate().rev() {
            let before = match i.checked_sub(1).and_then(|j| self.pieces.get(j)) {
                Some(Piece::Line(a) | Piece::Cubic(_, _, a)) => *a,
                None => self.start,
            };
            pieces.push(match *p {
                Piece::Line(_) => Piece::Line(before),
                Piece::Cubic(a, b, _) => Piece::Cubic(b, a, before),
            });
        }
        Route { start: end, pieces }
    }
}

/// Sizes of a layout, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    /// The width of every box.
    pub box_width: f64,
    /// The gap between two columns, where lines run.
    pub layer_gap: f64,
    /// The least gap between two boxes of a column.
    pub row_gap: f64,
    /// The least gap between a lane (a line passing through a column) and what is next to it.
    pub lane_gap: f64,
}

impl Spacing {
    /// How far a bow between two boxes of one column may reach into the gap beside it.
    pub fn bow_reach(&self) -> f64 {
        0.6 * self.layer_gap
    }
}

impl Default for Spacing {
    fn default() -> Spacing {
        Spacing { box_width: 200.0, layer_gap: 80.0, row_gap: 14.0, lane_gap: 9.0 }
    }
}

/// A laid-out picture.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// Each box, by index.
    pub boxes: Vec<Rect>,
    /// Each link's course, in the order of the links.
    pub routes: Vec<Route>,
    /// The smallest rectangle holding every box and every route's points.
    pub bounds: Rect,
    /// The left edge of each column.
    pub layer_x: Vec<f64>,
    /// Slots per column in the first order: boxes are `0..V`, dummy slots
    /// (lanes of lines that skip a column) follow.
    pub initial: Vec<Vec<usize>>,
    /// Slots per column in the order drawn.
    pub order: Vec<Vec<usize>>,
    /// The segments between slots of neighbouring columns, the left slot first.
    pub segments: Vec<(usize, usize)>,
    /// Edge crossings in the first order ([`crossings`] of `initial`).
    pub crossings_before: usize,
    /// Edge crossings in the order drawn ([`crossings`] of `order`).
    pub crossings_after: usize,
}

/// Counts the crossings of `segments` in a layered order: between each two
/// neighbouring columns, the pairs of segments whose ends come in opposite
/// orders (the inversions of the right ends when sorted by left ends).
/// Segments that share an end do not cross; segments whose ends are not in
/// neighbouring columns are not counted.
///
/// Complexity: `O(S + P·log P)` for `S` slots and `P` segments.
pub fn crossings(order: &[Vec<usize>], segments: &[(usize, usize)]) -> usize {
    let at = positions(order);
    let mut by_layer: Vec<Vec<(usize, usize)>> = vec![Vec::new(); order.len()];
    for &(a, b) in segments {
        let (Some(&Some((la, ia))), Some(&Some((lb, ib)))) = (at.get(a), at.get(b)) else {
            continue;
        };
        if la + 1 == lb {
            by_layer[la].push((ia, ib));
        } else if lb + 1 == la {
            by_layer[lb].push((ib, ia));
        }
    }
    let mut total = 0;
    for (l, pairs) in by_layer.iter_mut().enumerate() {
        pairs.sort_unstable();
        let width = order.get(l + 1).map_or(0, Vec::len);
        // A Fenwick tree over the right column's positions counts, for each
        // segment, the earlier ones that end further down.
        let mut tree = vec![0usize; width + 1];
        for (seen, &(_, r)) in pairs.iter().enumerate() {
            let mut at_most = 0;
            let mut i = r + 1;
            while i > 0 {
                at_most += tree[i];
                i &= i - 1;
            }
            total += seen - at_most;
            let mut i = r + 1;
            while i <= width {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

/// Each slot's (column, position), `None` for ids no column holds.
fn positions(order: &[Vec<usize>]) -> Vec<Option<(usize, usize)>> {
    let size = order.iter().flatten().max().map_or(0, |m| m + 1);
    let mut at = vec![None; size];
    for (l, slots) in order.iter().enumerate() {
        for (i, &s) in slots.iter().enumerate() {
            at[s] = Some((l, i));
        }
    }
    at
}

/// Reorders each column to reduce the crossings of `segments`: sweeps down
/// and up the columns sorting each by the barycentre of its neighbours in
/// the column before (or after), slots without such neighbours keeping
/// their places, then swaps neighbours while that removes crossings, or
/// keeps them and brings the two ends of a pair of `near` (slots of one
/// column linked to each other) closer. Keeps the best order seen (fewest
/// crossings, then the pairs of `near` closest), so the result never has
/// more crossings than `initial`. Ties keep the current order, so the
/// result is deterministic.
///
/// Complexity: `O(R·(S + P·log P + T))`, `R <= 24` rounds (see the module).
pub fn reduce_crossings(
    initial: &[Vec<usize>],
    segments: &[(usize, usize)],
    near: &[(usize, usize)],
) -> Vec<Vec<usize>> {
    const ROUNDS: usize = 32;
    const PATIENCE: usize = 8;
    let at = positions(initial);
    let size = at.len();
    let mut g = Sides { before: vec![Vec::new(); size], after: vec![Vec::new(); size], near: vec![Vec::new(); size] };
    for &(a, b) in segments {
        let (Some(&Some((la, _))), Some(&Some((lb, _)))) = (at.get(a), at.get(b)) else {
            continue;
        };
        if la + 1 == lb {
            g.after[a].push(b);
            g.before[b].push(a);
        } else if lb + 1 == la {
            g.after[b].push(a);
            g.before[a].push(b);
        }
    }
    for &(a, b) in near {
        if let (Some(&Some((la, _))), Some(&Some((lb, _)))) = (at.get(a), at.get(b))
            && la == lb
            && a != b
        {
            g.near[a].push(b);
            g.near[b].push(a);
        }
    }
    let score = |order: &[Vec<usize>]| (crossings(order, segments), span(order, near));
    let first = score(initial);
    let mut best = initial.to_vec();
    let mut best_s = first;
    // Two runs from the first order, by barycentres and by medians: each finds orders the other misses.
    for median in [false, true] {
        let mut cur = initial.to_vec();
        let mut pos: Vec<usize> = at.iter().map(|p| p.map_or(0, |(_, i)| i)).collect();
        let mut stale = 0;
        let mut run_best = first;
        for round in 0..ROUNDS {
            if best_s == (0, 0) || stale >= PATIENCE {
                break;
            }
            if round % 2 == 0 {
                for column in cur.iter_mut().skip(1) {
                    sort_by_barycentre(column, &g.before, &mut pos, median);
                }
            } else {
                let last = cur.len().saturating_sub(1);
                for column in cur.iter_mut().take(last).rev() {
                    sort_by_barycentre(column, &g.after, &mut pos, median);
                }
            }
            transpose(&mut cur, &g, &mut pos);
            let sc = score(&cur);
            if sc < best_s {
                best_s = sc;
                best.clone_from(&cur);
            }
            if sc < run_best {
                run_best = sc;
                stale = 0;
            } else {
                stale += 1;
            }
        }
    }
    best
}

/// How far apart the two ends of each pair of `near` are, summed over the pairs in one column.
fn span(order: &[Vec<usize>], near: &[(usize, usize)]) -> usize {
    let at = positions(order);
    near.iter()
        .filter_map(|&(a, b)| match (at.get(a), at.get(b)) {
            (Some(&Some((la, ia))), Some(&Some((lb, ib)))) if la == lb => Some(ia.abs_diff(ib)),
            _ => None,
        })
        .sum()
}

/// Each slot's neighbours in the column before, in the column after, and
/// in its own column (the pairs to keep near).
struct Sides {
    before: Vec<Vec<usize>>,
    after: Vec<Vec<usize>>,
    near: Vec<Vec<usize>>,
}

/// Sorts one column by the mean position of each slot's neighbours in
/// `nbrs`; slots without neighbours keep their places.
fn sort_by_barycentre(column: &mut [usize], nbrs: &[Vec<usize>], pos: &mut [usize], median: bool) {
    let mut moving: Vec<(f64, usize, usize)> = Vec::new();
    let mut places: Vec<usize> = Vec::new();
    for (i, &s) in column.iter().enumerate() {
        let ns = &nbrs[s];
        if !ns.is_empty() {
            let mut ps: Vec<usize> = ns.iter().map(|&n| pos[n]).collect();
            ps.sort_unstable();
            let m = ps.len();
            let key = if !median {
                ps.iter().sum::<usize>() as f64 / m as f64
            } else if m % 2 == 1 {
                ps[m / 2] as f64
            } else {
                (ps[m / 2 - 1] + ps[m / 2]) as f64 / 2.0
            };
            moving.push((key, i, s));
            places.push(i);
        }
    }
    moving.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (&i, &(_, _, s)) in places.iter().zip(&moving) {
        column[i] = s;
    }
    for (i, &s) in column.iter().enumerate() {
        pos[s] = i;
    }
}

/// Swaps neighbouring slots of a column while a swap removes crossings, or
/// keeps them and shortens the pairs to keep near (at most a few passes,
/// as each pass is quadratic in degree).
fn transpose(order: &mut [Vec<usize>], g: &Sides, pos: &mut [usize]) {
    // Crossings between the lines of `u` and `v` to one side when `u` comes first.
    let pair = |u: usize, v: usize, nbrs: &[Vec<usize>], pos: &[usize]| -> usize {
        nbrs[u].iter().map(|&a| nbrs[v].iter().filter(|&&b| pos[a] > pos[b]).count()).sum()
    };
    for _ in 0..12 {
        let mut improved = false;
        for column in order.iter_mut() {
            for i in 1..column.len() {
                let (u, v) = (column[i - 1], column[i]);
                let now = pair(u, v, &g.before, pos) + pair(u, v, &g.after, pos);
                let swapped = pair(v, u, &g.before, pos) + pair(v, u, &g.after, pos);
                // `u` moves down one place and `v` up one: each partner below comes nearer, each above goes further.
                let closer = |s: usize, down: bool| -> isize {
                    g.near[s]
                        .iter()
                        .filter(|&&w| w != u && w != v)
                        .map(|&w| if (pos[w] > pos[s]) == down { -1 } else { 1 })
                        .sum()
                };
                let shorter = closer(u, true) + closer(v, false);
                if swapped < now || (swapped == now && shorter < 0) {
                    column.swap(i - 1, i);
                    pos[u] = i;
                    pos[v] = i - 1;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Splits columns whose boxes have links among themselves into sub-columns
/// by longest path (a box one sub-column after its latest predecessor in
/// the column; boxes deeper than the last sub-column stay in it), when the
/// picture is too tall for its width: while the tallest column holds more
/// than `rows_per_layer` boxes for each column of the picture, and the
/// columns stay within `max_layers`, the column holding the tallest
/// sub-column (ties: the earlier one) gets one more sub-column, if that
/// makes it shorter. A cycle within a column is broken at its earliest
/// box. Returns each sub-column with the index of its column, boxes in
/// their given order.
///
/// Complexity: `O(L·(V + E))` for `V` boxes, `E` edges and `L` final columns.
pub fn split_layers(
    layers: &[Vec<usize>],
    edges: &[(usize, usize)],
    max_layers: usize,
    rows_per_layer: f64,
) -> Vec<(usize, Vec<usize>)> {
    let size = layers.iter().flatten().max().map_or(0, |m| m + 1);
    let mut layer_of = vec![usize::MAX; size];
    for (l, ns) in layers.iter().enumerate() {
        for &n in ns {
            if layer_of[n] == usize::MAX {
                layer_of[n] = l;
            }
        }
    }
    let depth = depths(layers, edges, &layer_of);
    let deepest: Vec<usize> = layers.iter().map(|ns| ns.iter().map(|&n| depth[n] + 1).max().unwrap_or(1)).collect();
    let mut cap = vec![1usize; layers.len()];
    let tallest = |l: usize, c: usize| -> usize {
        let mut count = vec![0usize; c];
        for &n in &layers[l] {
            count[depth[n].min(c - 1)] += 1;
        }
        count.into_iter().max().unwrap_or(0)
    };
    let mut open: Vec<bool> = (0..layers.len()).map(|l| deepest[l] > 1).collect();
    let mut total = layers.len();
    while total < max_layers {
        let top = (0..layers.len()).map(|l| tallest(l, cap[l])).max().unwrap_or(0);
        if top as f64 <= rows_per_layer * total as f64 {
            break;
        }
        // Only a column as tall as the tallest can make the picture shorter.
        let Some(l) = (0..layers.len()).find(|&l| open[l] && tallest(l, cap[l]) == top) else { break };
        if cap[l] < deepest[l] && tallest(l, cap[l] + 1) < top {
            cap[l] += 1;
            total += 1;
        } else {
            open[l] = false;
        }
    }
    let mut out = Vec::with_capacity(total);
    for (l, ns) in layers.iter().enumerate() {
        for sub in 0..cap[l] {
            let part: Vec<usize> = ns.iter().copied().filter(|&n| depth[n].min(cap[l] - 1) == sub).collect();
            out.push((l, part));
        }
    }
    out
}

/// Each box's longest path from a source within its column (Kahn's
/// algorithm; when only cycles remain, the earliest box left goes next).
fn depths(layers: &[Vec<usize>], edges: &[(usize, usize)], layer_of: &[usize]) -> Vec<usize> {
    let size = layer_of.len();
    let mut depth = vec![0usize; size];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); size];
    let mut indeg = vec![0usize; size];
    for &(a, b) in edges {
        if a != b && a < size && b < size && layer_of[a] != usize::MAX && layer_of[a] == layer_of[b] {
            succ[a].push(b);
            indeg[b] += 1;
        }
    }
    let mut done = vec![false; size];
    for ns in layers {
        let mut left = ns.len();
        let mut ready: std::collections::BTreeSet<(usize, usize)> =
            ns.iter().enumerate().filter(|&(_, &n)| indeg[n] == 0).map(|(i, &n)| (i, n)).collect();
        let index: std::collections::BTreeMap<usize, usize> = ns.iter().enumerate().map(|(i, &n)| (n, i)).collect();
        while left > 0 {
            let next = match ready.pop_first() {
                Some((_, n)) => n,
                None => match ns.iter().find(|&&n| !done[n]) {
                    Some(&n) => n,
                    None => break,
                },
            };
            if done[next] {
                continue;
            }
            done[next] = true;
            left -= 1;
            for &s in &succ[next] {
                if done[s] {
                    continue;
                }
                depth[s] = depth[s].max(depth[next] + 1);
                indeg[s] = indeg[s].saturating_sub(1);
                if indeg[s] == 0
                    && let Some(&i) = index.get(&s)
                {
                    ready.insert((i, s));
                }
            }
        }
    }
    depth
}

/// What a slot is: a box, or a lane of the link it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Box,
    Lane,
}

/// Lays out boxes of the given `heights` in columns (`layers`, each in a
/// first order; a box in no column joins the first), orders the columns to
/// reduce crossings, places them and routes `links`. A link between two
/// columns runs from the right side of the earlier box to the left side of
/// the later one, through a lane in each column between; a link within a
/// column bows out on its `side`.
///
/// Complexity: see the module.
// Whole on purpose: the slots, lanes and chains set up first are read by every step after; those steps (crossings, placing, routing) are calls.
pub fn layout(layers: &[Vec<usize>], heights: &[f64], links: &[Link], sp: &Spacing) -> Layout {
    let n = heights.len();
    let mut initial: Vec<Vec<usize>> = layers.to_vec();
    if initial.is_empty() && n > 0 {
        initial.push(Vec::new());
    }
    let mut layer_of: Vec<usize> = vec![usize::MAX; n];
    for (l, ns) in initial.iter_mut().enumerate() {
        ns.retain(|&b| {
            let fresh = b < n && layer_of[b] == usize::MAX;
            if fresh {
                layer_of[b] = l;
            }
            fresh
        });
    }
    for (b, l) in layer_of.iter_mut().enumerate() {
        if *l == usize::MAX {
            *l = 0;
            initial[0].push(b);
        }
    }
    // Slots: the boxes, then a lane per column a link skips.
    let mut kind: Vec<Slot> = vec![Slot::Box; n];
    let mut slot_layer: Vec<usize> = layer_of.clone();
    let mut chains: Vec<Option<Vec<usize>>> = Vec::with_capacity(links.len());
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut lanes: Vec<Vec<usize>> = vec![Vec::new(); initial.len()];
    for k in links {
        if k.from >= n || k.to >= n || k.from == k.to || layer_of[k.from] == layer_of[k.to] {
            chains.push(None);
            continue;
        }
        let (lo, hi) = if layer_of[k.from] < layer_of[k.to] { (k.from, k.to) } else { (k.to, k.from) };
        let mut chain = vec![lo];
        for (l, column) in lanes.iter_mut().enumerate().take(layer_of[hi]).skip(layer_of[lo] + 1) {
            let s = kind.len();
            kind.push(Slot::Lane);
            slot_layer.push(l);
            column.push(s);
            chain.push(s);
        }
        chain.push(hi);
        segments.extend(chain.windows(2).map(|w| (w[0], w[1])));
        chains.push(Some(chain));
    }
    insert_lanes(&mut initial, &lanes, &segments, kind.len());
    let near: Vec<(usize, usize)> = links
        .iter()
        .filter(|k| k.from < n && k.to < n && k.from != k.to && layer_of[k.from] == layer_of[k.to])
        .map(|k| (k.from, k.to))
        .collect();
    let order = reduce_crossings(&initial, &segments, &near);
    let crossings_before = crossings(&initial, &segments);
    let crossings_after = crossings(&order, &segments);
    // A height that is not a finite size counts as none, so no bound becomes infinite.
    let height = |s: usize| if kind[s] == Slot::Box && heights[s].is_finite() { heights[s].max(0.0) } else { 0.0 };
    let margin = |s: usize| if kind[s] == Slot::Box { sp.row_gap / 2.0 } else { sp.lane_gap / 2.0 };
    let top = place_rows(&order, &segments, &kind, &height, &margin);
    let layer_x: Vec<f64> = (0..order.len()).map(|l| l as f64 * (sp.box_width + sp.layer_gap)).collect();
    let boxes: Vec<Rect> =
        (0..n).map(|b| Rect { x: layer_x[slot_layer[b]], y: top[b], w: sp.box_width, h: height(b) }).collect();
    let routes = route(&Routing {
        links,
        chains: &chains,
        kind: &kind,
        slot_layer: &slot_layer,
        top: &top,
        boxes: &boxes,
        layer_x: &layer_x,
        sp,
    });
    let bounds = Rect::around(
        boxes
            .iter()
            .flat_map(|r| [Point { x: r.x, y: r.y }, Point { x: r.right(), y: r.bottom() }])
            .chain(routes.iter().flat_map(Route::points)),
    )
    .unwrap_or_default();
    Layout { boxes, routes, bounds, layer_x, initial, order, segments, crossings_before, crossings_after }
}

/// Puts each column's lanes among its boxes where the line would run
/// straight from the slot before it: at the relative position of that slot
/// in its column, boxes first on ties.
fn insert_lanes(order: &mut [Vec<usize>], lanes: &[Vec<usize>], segments: &[(usize, usize)], size: usize) {
    let mut prev = vec![usize::MAX; size];
    for &(a, b) in segments {
        prev[b] = a;
    }
    let mut rel = vec![0.0f64; size];
    for l in 0..order.len() {
        let boxes = order[l].len().max(1) as f64;
        let mut items: Vec<(f64, usize, usize)> =
            order[l].iter().enumerate().map(|(i, &b)| ((i as f64 + 0.5) / boxes, 0, b)).collect();
        items.extend(lanes[l].iter().map(|&s| (prev.get(s).and_then(|&p| rel.get(p)).copied().unwrap_or(0.0), 1, s)));
        items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let len = items.len().max(1) as f64;
        order[l] = items.into_iter().map(|t| t.2).collect();
        for (i, &s) in order[l].iter().enumerate() {
            rel[s] = (i as f64 + 0.5) / len;
        }
    }
}

/// The top of every slot: each column stacked, then moved in sweeps towards
/// the centres of the slots it is linked to (a weighted isotonic regression
/// per column keeps the order and the gaps; lanes pull harder, so long lines
/// run straight), then shifted so the highest slot starts at 0.
fn place_rows(
    order: &[Vec<usize>],
    segments: &[(usize, usize)],
    kind: &[Slot],
    height: &dyn Fn(usize) -> f64,
    margin: &dyn Fn(usize) -> f64,
) -> Vec<f64> {
    const ROUNDS: usize = 12;
    let size = kind.len();
    let mut top = vec![0.0f64; size];
    // The tallest column stacked: no column grows past it, so the picture is no taller than it must be.
    let mut tallest: f64 = 0.0;
    for column in order {
        let mut y = 0.0;
        for (i, &s) in column.iter().enumerate() {
            if i > 0 {
                y += margin(column[i - 1]) + margin(s);
            }
            top[s] = y;
            y += height(s);
        }
        tallest = tallest.max(y);
    }
    let mut nbrs: Vec<Vec<(usize, f64)>> = vec![Vec::new(); size];
    for &(a, b) in segments {
        let w = match (kind[a], kind[b]) {
            (Slot::Box, Slot::Box) => 1.0,
            (Slot::Lane, Slot::Lane) => 8.0,
            _ => 2.0,
        };
        nbrs[a].push((b, w));
        nbrs[b].push((a, w));
    }
    for round in 0..ROUNDS {
        let mut sweep: Vec<usize> = (0..order.len()).collect();
        if round % 2 == 1 {
            sweep.reverse();
        }
        for l in sweep {
            let column = &order[l];
            let mut want = Vec::with_capacity(column.len());
            let mut offset = 0.0;
            for (i, &s) in column.iter().enumerate() {
                if i > 0 {
                    offset += height(column[i - 1]) + margin(column[i - 1]) + margin(s);
                }
                let (sum, w) = nbrs[s]
                    .iter()
                    .fold((0.0, 0.0), |(sum, w), &(t, wt)| (sum + wt * (top[t] + height(t) / 2.0), w + wt));
                let (target, weight) = if w > 0.0 { (sum / w - height(s) / 2.0, w) } else { (top[s], 1e-3) };
                want.push((target - offset, weight, offset));
            }
            // Within [0, tallest]: for an isotonic regression, clamping to constant bounds is the bounded optimum.
            let last = column.last().map_or(0.0, |&s| offset + height(s));
            for (&s, (z, off)) in column.iter().zip(isotonic(&want)) {
                top[s] = z.min(tallest - last).max(0.0) + off;
            }
        }
    }
    let least = top.iter().copied().fold(f64::INFINITY, f64::min);
    if least.is_finite() {
        for t in &mut top {
            *t -= least;
        }
    }
    top
}

/// Weighted isotonic regression (pool adjacent violators): the
/// non-decreasing values nearest the targets of `want` (target, weight,
/// offset), returned with each offset. `O(n)`.
fn isotonic(want: &[(f64, f64, f64)]) -> Vec<(f64, f64)> {
    // Blocks of (weighted sum, weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(want.len());
    for &(t, w, _) in want {
        blocks.push((t * w, w, 1));
        while blocks.len() >= 2 {
            let (b, a) = (blocks[blocks.len() - 1], blocks[blocks.len() - 2]);
            if a.0 / a.1 <= b.0 / b.1 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
        }
    }
    let mut out = Vec::with_capacity(want.len());
    let mut it = want.iter();
    for (sum, w, count) in blocks {
        for _ in 0..count {
            if let Some(&(_, _, off)) = it.next() {
                out.push((sum / w, off));
            }
        }
    }
    out
}

/// What routing needs to know.
struct Routing<'a> {
    links: &'a [Link],
    chains: &'a [Option<Vec<usize>>],
    kind: &'a [Slot],
    slot_layer: &'a [usize],
    top: &'a [f64],
    boxes: &'a [Rect],
    layer_x: &'a [f64],
    sp: &'a Spacing,
}

/// Line ends: the height of each by id, then per link the ids of its
/// segments' left ends (the right end's id is the next) and of its bow's first end.
type Ports = (Vec<f64>, Vec<Vec<usize>>, Vec<Option<usize>>);

/// Where each line meets a box: the ends at one side of a box spread along
/// it in the order of where their other ends are, so they do not cross there.
fn ports(r: &Routing) -> Ports {
    // Every line end at a box's side: (box, right side?, where the other end is, id).
    let mut ends: Vec<(usize, bool, f64, usize)> = Vec::new();
    let centre = |s: usize| match r.kind[s] {
        Slot::Box => r.boxes[s].y + r.boxes[s].h / 2.0,
        Slot::Lane => r.top[s],
    };
    // Ids: segment i's left end is 2i and right end 2i + 1; a bow's ends follow.
    let mut seg_ids: Vec<Vec<usize>> = Vec::with_capacity(r.links.len());
    let mut next_id = 0;
    for chain in r.chains {
        let mut ids = Vec::new();
        if let Some(chain) = chain {
            for w in chain.windows(2) {
                let (a, b) = (w[0], w[1]);
                if r.kind[a] == Slot::Box {
                    ends.push((a, true, centre(b), next_id));
                }
                if r.kind[b] == Slot::Box {
                    ends.push((b, false, centre(a), next_id + 1));
                }
                ids.push(next_id);
                next_id += 2;
            }
        }
        seg_ids.push(ids);
    }
    let mut bow_ids: Vec<Option<usize>> = Vec::with_capacity(r.links.len());
    for (k, chain) in r.links.iter().zip(r.chains) {
        if chain.is_none() && k.from < r.boxes.len() && k.to < r.boxes.len() && k.from != k.to {
            let right = k.side == Side::Right;
            ends.push((k.from, right, centre(k.to), next_id));
            ends.push((k.to, right, centre(k.from), next_id + 1));
            bow_ids.push(Some(next_id));
            next_id += 2;
        } else {
            bow_ids.push(None);
        }
    }
    ends.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)).then(a.3.cmp(&b.3)));
    let mut port = vec![0.0f64; next_id];
    for group in ends.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let b = r.boxes[group[0].0];
        let k = group.len();
        let step = if k > 1 { (0.6 * b.h / (k - 1) as f64).min(8.0) } else { 0.0 };
        for (j, e) in group.iter().enumerate() {
            port[e.3] = b.y + b.h / 2.0 + (j as f64 - (k - 1) as f64 / 2.0) * step;
        }
    }
    (port, seg_ids, bow_ids)
}

/// The courses of the links: curves between columns, straight through
/// lanes, bows beside a column, each ending where [`ports`] puts it.
fn route(r: &Routing) -> Vec<Route> {
    let (port, seg_ids, bow_ids) = ports(r);
    let (w, gap) = (r.sp.box_width, r.sp.layer_gap);
    let mut out = Vec::with_capacity(r.links.len());
    for (i, k) in r.links.iter().enumerate() {
        if let Some(chain) = &r.chains[i] {
            let ids = &seg_ids[i];
            let mut pieces = Vec::new();
            let mut start = Point::default();
            for (j, win) in chain.windows(2).enumerate() {
                let (a, b) = (win[0], win[1]);
                let ya = if r.kind[a] == Slot::Box { port[ids[j]] } else { r.top[a] };
                let yb = if r.kind[b] == Slot::Box { port[ids[j] + 1] } else { r.top[b] };
                let x1 = r.layer_x[r.slot_layer[a]] + w;
                let x2 = r.layer_x[r.slot_layer[b]];
                if j == 0 {
                    start = Point { x: x1, y: ya };
                }
                pieces.push(Piece::Cubic(
                    Point { x: x1 + gap / 2.0, y: ya },
                    Point { x: x2 - gap / 2.0, y: yb },
                    Point { x: x2, y: yb },
                ));
                if r.kind[b] == Slot::Lane {
                    pieces.push(Piece::Line(Point { x: x2 + w, y: yb }));
                }
            }
            let route = Route { start, pieces };
            let forward = chain.first() == Some(&k.from);
            out.push(if forward { route } else { route.reversed() });
        } else if let Some(id) = bow_ids[i] {
            let (ya, yb) = (port[id], port[id + 1]);
            let l = r.slot_layer[k.from];
            // The bow reaches further the further apart its ends are, within the gap.
            let reach = (12.0 + 0.2 * (yb - ya).abs()).min(r.sp.bow_reach());
            let (x, cx) = match k.side {
                Side::Left => (r.layer_x[l], r.layer_x[l] - reach),
                Side::Right => (r.layer_x[l] + w, r.layer_x[l] + w + reach),
            };
            out.push(Route {
                start: Point { x, y: ya },
                pieces: vec![Piece::Cubic(Point { x: cx, y: ya }, Point { x: cx, y: yb }, Point { x, y: yb })],
            });
        } else {
            out.push(Route::default());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_count_inversions_between_neighbouring_columns() {
        // a-d and b-c cross; a-c and b-c share c.
        let order = vec![vec![0, 1], vec![2, 3]];
        assert_eq!(crossings(&order, &[(0, 3), (1, 2)]), 1);
        assert_eq!(crossings(&order, &[(0, 2), (1, 2)]), 0);
        assert_eq!(crossings(&order, &[(3, 0), (2, 1)]), 1, "either end may come first");
        // A full bipartite K(3,3) has 3 crossings between each pair of pairs: C(3,2)^2 = 9.
        let order = vec![vec![0, 1, 2], vec![3, 4, 5]];
        let all: Vec<(usize, usize)> = (0..3).flat_map(|a| (3..6).map(move |b| (a, b))).collect();
        assert_eq!(crossings(&order, &all), 9);
    }

    #[test]
    fn ordering_untangles_a_twist() {
        let initial = vec![vec![0, 1, 2], vec![3, 4, 5]];
        let segs = [(0, 5), (1, 4), (2, 3)];
        assert_eq!(crossings(&initial, &segs), 3);
        assert_eq!(crossings(&reduce_crossings(&initial, &segs, &[]), &segs), 0);
    }

    #[test]
    fn a_column_splits_by_longest_path_within_the_budget() {
        // Column 0: 0 -> 1 -> 2 and 3 alone; column 1: 4.
        let layers = vec![vec![0, 1, 2, 3], vec![4]];
        let edges = [(0, 1), (1, 2), (2, 4)];
        assert_eq!(split_layers(&layers, &edges, 2, 0.0), vec![(0, vec![0, 1, 2, 3]), (1, vec![4])]);
        assert_eq!(split_layers(&layers, &edges, 3, 0.0), vec![(0, vec![0, 3]), (0, vec![1, 2]), (1, vec![4])]);
        // A third sub-column would leave the tallest as tall (0 and 3 stay together): not worth a column.
        assert_eq!(split_layers(&layers, &edges, 9, 0.0), vec![(0, vec![0, 3]), (0, vec![1, 2]), (1, vec![4])]);
        let chain = vec![vec![0, 1, 2], vec![4]];
        assert_eq!(split_layers(&chain, &edges, 9, 0.0), vec![(0, vec![0]), (0, vec![1]), (0, vec![2]), (1, vec![4])]);
        // A picture wide enough for its height is left alone: 4 boxes in 2 columns, 2 rows a column allowed.
        assert_eq!(split_layers(&layers, &edges, 9, 2.0), vec![(0, vec![0, 1, 2, 3]), (1, vec![4])]);
        // A cycle within a column is broken, never looped on.
        let split = split_layers(&[vec![0, 1]], &[(0, 1), (1, 0)], 4, 0.0);
        assert_eq!(split, vec![(0, vec![0]), (0, vec![1])]);
    }

    #[test]
    fn a_route_reversed_runs_the_same_course_backwards() {
        let r = Route {
            start: Point { x: 0.0, y: 0.0 },
            pieces: vec![
                Piece::Cubic(Point { x: 1.0, y: 0.0 }, Point { x: 2.0, y: 5.0 }, Point { x: 3.0, y: 5.0 }),
                Piece::Line(Point { x: 9.0, y: 5.0 }),
            ],
        };
        let back = r.reversed();
        assert_eq!(back.start, Point { x: 9.0, y: 5.0 });
        let mut pts = back.points();
        pts.reverse();
        assert_eq!(pts, r.points());
        assert_eq!(back.reversed(), r);
    }
}
