# The SDE check's first-run bounds (SdeTrainingQuality): Pass, Fresh, Fail, HigherIsBetter; single bounds fail at once.
inf = float('inf')
BOUNDS = {
 'gap': (-0.35, -0.38, -0.8, True),
 'direction': (0.03, 0.03, -inf, True),
 'smaller_gap': (-2.3, -2.3, -2.3, True),
 'improvement': (0.1, 0.1, 0.1, True),
 'mirror_share': (0.5, 0.5, 0.5, True),
}
