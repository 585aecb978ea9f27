# The toy-data check's bounds as shipped when the sweep ran (before MMD² and energy² lost their clearly-bad bounds): Pass, Fresh, Fail, HigherIsBetter.
BOUNDS = {
 'TwoGaussians MMD²': (0.013, 0.015, 0.04, False),
 'TwoGaussians energy²': (0.012, 0.015, 0.04, False),
 'Chequerboard MMD²': (0.005, 0.0065, 0.016, False),
 'Chequerboard energy²': (0.0135, 0.017, 0.04, False),
 'Chequerboard on the support': (0.527, 0.527, 0.45, True),
 'TwoGaussians denoising loss at t ≥ T/2': (0.0070, 0.0075, 0.03, False),
 'Chequerboard denoising loss at t ≥ T/2': (0.0095, 0.0105, 0.03, False),
 'TwoGaussians denoising loss with the small budget': (0.35, 0.35, 0.35, False),
 'TwoGaussians improvement of the loss from the small to the full budget': (0.015, 0.015, 0.015, True),
 'TwoGaussians improvement of the loss from the larger smaller budget to the full budget': (0.006, 0.006, 0.006, True),
 'Chequerboard denoising loss with the small budget': (0.4, 0.4, 0.4, False),
 'Chequerboard improvement of the loss from the small to the full budget': (0.012, 0.012, 0.012, True),
 'Chequerboard improvement of the loss from the larger smaller budget to the full budget': (0.006, 0.006, 0.006, True),
}
