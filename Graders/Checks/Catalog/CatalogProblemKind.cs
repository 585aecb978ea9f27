namespace Grader.Checks.Catalog;

/// <summary>The kinds of defect <see cref="CatalogValidator"/> finds in a catalog.</summary>
public enum CatalogProblemKind
{
    /// <summary>A sheet id is not three digits, or two sheets share it.</summary>
    BadSheetId,

    /// <summary>A task names a sheet the catalog does not have.</summary>
    UnknownSheet,

    /// <summary>A task id is not "SSS/exercise/slug" (e.g. "004/3.4/negative-elbo"), or its "SSS" is not the task's sheet.</summary>
    MalformedTaskId,

    /// <summary>Two tasks share an id.</summary>
    DuplicateTaskId,

    /// <summary>A title, a rubric or a manual item's id is empty.</summary>
    MissingText,

    /// <summary>Points that must be positive are not (task points, a manual item's points), auto points are negative, or a value is not finite.</summary>
    PointsNotPositive,

    /// <summary>A task's auto points and manual points do not add up to its points.</summary>
    PointsDoNotAddUp,

    /// <summary>A sheet's tasks do not add up to its total (non-bonus tasks) or to its bonus (bonus tasks).</summary>
    SheetTotalMismatch,

    /// <summary>A check's weight is zero, negative or not finite.</summary>
    CheckWeightNotPositive,

    /// <summary>Two checks of a task share an id.</summary>
    DuplicateCheckId,

    /// <summary>Two manual items of a task share an id.</summary>
    DuplicateManualItemId,

    /// <summary>A task has checks but no auto points for them to earn.</summary>
    ChecksWithoutAutoPoints,

    /// <summary>A task of a sheet that prints no points does not say where its weight comes from.</summary>
    MissingNote,
}
