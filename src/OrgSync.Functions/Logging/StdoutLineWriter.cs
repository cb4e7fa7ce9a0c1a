namespace OrgSync.Functions.Logging;

/// <summary>
/// The one place that writes to stdout: whole lines under a lock, so log entries and EMF metric
/// lines from concurrent tasks never interleave (CloudWatch reads one JSON object per line).
/// </summary>
public sealed class StdoutLineWriter(Stream output)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Lock _gate = new();

    public void WriteLine(ReadOnlySpan<byte> utf8Json)
    {
        lock (_gate)
        {
            try
            {
                output.Write(utf8Json);
                output.Write(NewLine);
                output.Flush();
            }
            catch (IOException)
            {
                // stdout gone (the sandbox is shutting down): nothing sensible left to log to.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
