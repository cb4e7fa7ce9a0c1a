namespace OrgSync.Functions.Hosting;

/// <summary>
/// The function cannot start as configured. Reported to the Runtime API as an init error with
/// <see cref="ErrorType"/>, then the process exits (Lambda shows the message and retries the init).
/// </summary>
public sealed class FunctionInitException : Exception
{
    public FunctionInitException(string message, string errorType, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
    }

    public FunctionInitException()
        : this("The function could not be initialised.", "Runtime.InitError")
    {
    }

    public FunctionInitException(string message)
        : this(message, "Runtime.InitError")
    {
    }

    public FunctionInitException(string message, Exception innerException)
        : this(message, "Runtime.InitError", innerException)
    {
    }

    public string ErrorType { get; }
}
