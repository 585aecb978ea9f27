# The image check's bounds (DtuImageTrainingQuality.Settings.Bounds): Pass, Fresh, Fail, HigherIsBetter.
BOUNDS = {
 'loss': (0.235, 0.235, 0.25, False),
 'coarse_loss': (0.24, 0.24, 0.255, False),
 'smaller_loss': (0.65, 0.65, 0.65, False),
 'improvement': (0.14, 0.14, 0.14, True),
 'band1': (0.55, 0.55, 0.55, False),
 'band2': (0.127, 0.127, 0.127, False),
 'band3': (0.127, 0.127, 0.127, False),
 'band4': (0.127, 0.127, 0.127, False),
}
