namespace OrgSync.Local.Inputs;

/// <summary>One input of a run: what is enqueued as one SQS message.</summary>
/// <param name="Name"><c>FILE</c>, or <c>FILE#INDEX</c> for an element of a JSON array file; paths as given.</param>
/// <param name="Body">The message body: the file's text verbatim, or the array element's exact text.</param>
public sealed record InputMessage(string Name, string Body);

/// <summary>An input path that cannot be read; the message names it.</summary>
public sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }

    public InputException()
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
