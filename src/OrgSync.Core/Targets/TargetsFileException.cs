using System.Collections.Immutable;

namespace OrgSync.Core.Targets;

/// <summary>One problem in a targets file, located by its JSON path (<c>aggregators[1].region</c>).</summary>
public sealed record TargetsFileError(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}

public sealed class TargetsFileException : Exception
{
    public TargetsFileException(ImmutableArray<TargetsFileError> errors)
        : base("invalid targets file: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public TargetsFileException()
        : this(ImmutableArray<TargetsFileError>.Empty)
    {
    }

    public TargetsFileException(string message)
        : base(message)
    {
        Errors = ImmutableArray<TargetsFileError>.Empty;
    }

    public TargetsFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = ImmutableArray<TargetsFileError>.Empty;
    }

    public ImmutableArray<TargetsFileError> Errors { get; }
}
