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

    /// <summary>Two checks of a task share an id, or one hidden check is declared with two different sheet references.</summary>
    DuplicateCheckId,

    /// <summary>Two manual items of a task share an id.</summary>
    DuplicateManualItemId,

    /// <summary>A task has checks but no auto points for them to earn.</summary>
    ChecksWithoutAutoPoints,

    /// <summary>A task of a sheet that prints no points does not say where its weight comes from.</summary>
    MissingNote,

    /// <summary>A task has automatic points but no pack binds a check to it, and its sheet entry does not mark them pending.</summary>
    TaskWithoutBinding,

    /// <summary>A task's sheet entry marks its automatic share pending, yet a pack binds checks to it.</summary>
    PendingTaskHasChecks,

    /// <summary>A pack binds checks to a task id no sheet has.</summary>
    BindingToUnknownTask,

    /// <summary>A binding names a contract its pack does not declare.</summary>
    ContractNotInPack,

    /// <summary>
    /// A check grades tasks of several sheets, but its sheet reference names one of them: a student of another sheet would
    /// be sent to a sheet they did not get (<see cref="Checking.SheetCitation"/>).
    /// </summary>
    SharedCheckNamesSheet,

    /// <summary>No mutant's <c>mutant.json</c> names a check of the pack as the one that catches it.</summary>
    CheckWithoutMutant,

    /// <summary>A <c>mutant.json</c> names a task, check or contract its pack does not have, or no check at all.</summary>
    MutantNamesUnknown,

    /// <summary>A contract has no reference implementation in its pack's tutor side.</summary>
    ContractWithoutReference,

    /// <summary>No class of the pack's template implements a contract (or the template does not compile).</summary>
    ContractWithoutTemplate,

    /// <summary>No class of the pack's correct example implements a contract (or it does not compile).</summary>
    ContractWithoutCorrectExample,

    /// <summary>A hidden check a pack declares has no implementation on the tutor side.</summary>
    HiddenCheckNotBound,

    /// <summary>A tutor pack implements a check no pack declares hidden, or belongs to no pack.</summary>
    TutorCheckNotDeclared,

    /// <summary>A folder a pack declares (template, examples, snapshots) does not exist.</summary>
    FolderMissing,
}
