using System.Globalization;
using OrgSync.Local.Running;

namespace OrgSync.Cli.Local;

/// <summary>
/// A progress line on stderr for runs that take a while (after 2 s, at most once a second): rewritten in
/// place on a terminal, one line per update otherwise. Short runs print nothing.
/// </summary>
internal sealed class ProgressLine(CliConsole console) : IProgress<LocalRunProgress>, IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private TimeSpan? _last;
    private int _width;
    private bool _finished;

    public void Report(LocalRunProgress value)
    {
        if (value.Elapsed < Quiet)
        {
            return;
        }

        lock (_gate)
        {
            if (_finished || (_last is { } last && value.Elapsed - last < Every))
            {
                return;
            }

            _last = value.Elapsed;
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"orgsync local: {value.Finished}/{value.Messages} messages done ({value.DeadLettered} dead-lettered), {value.InFlight} in flight, {value.Batches} batches, {value.Elapsed.TotalSeconds:F1} s");
            if (console.ErrorIsTerminal)
            {
                console.Error.Write("\r" + line.PadRight(_width));
                _width = line.Length;
            }
            else
            {
                console.Error.WriteLine(line);
            }
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            if (!_finished && console.ErrorIsTerminal && _width > 0)
            {
                console.Error.WriteLine();
            }

            _finished = true;
        }
    }

    public void Dispose() => Finish();
}
