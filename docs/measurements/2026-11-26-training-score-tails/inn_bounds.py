# The INN check's calibrated bounds (InnTrainingQualityBudget.Calibrated): Pass, Fresh, Fail, HigherIsBetter.
inf = float('inf')
BOUNDS = {
 'held-out NLL': (3.80, 3.80, 4.24, False),
 'held-out NLL (lower side)': (1.0, 1.0, 1.0, True),
 'TV pT₁': (0.40, 0.40, 0.49, False),
 'TV η₁': (0.11, 0.11, 0.16, False),
 'TV η₂': (0.11, 0.11, 0.16, False),
 '|Z peak shift| (GeV)': (0.44, 0.44, 0.66, False),
 'Z peak width ratio': (8.0, 8.0, 10.2, False),
 'non-finite share': (1e-3, 1e-3, 1e-3, False),
 'round-trip error': (1e-3, 1e-3, 1e-3, False),
 'held-out round-trip error': (1e-3, 1e-3, 1e-3, False),
 'log-det error': (0.25, 0.25, 0.25, False),
 'perturbation error': (0.3, 0.3, 0.3, False),
 'copied share': (1e-3, 1e-3, 1e-3, False),
 'improvement of the held-out NLL from the smaller budgets to the full one': (0.1, 0.25, -0.1, True),
 'budget increases by one step that changed nothing': (0, 0, 0, False),
 'backward passes per optimiser step of the budget': (1, 1, 1, True),
}
