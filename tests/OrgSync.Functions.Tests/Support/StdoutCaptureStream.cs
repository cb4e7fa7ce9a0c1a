using System.Text;
using System.Text.Json;

namespace OrgSync.Functions.Tests.Support;

/// <summary>A stdout stand-in that keeps what was written, readable as lines while the function runs.</summary>
public sealed class StdoutCaptureStream : Stream
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _buffer = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }

    /// <summary>Every line, parsed: each must be one JSON object.</summary>
    public IReadOnlyList<JsonElement> JsonLines => Lines.Select(ParseObject).ToList();

    public static JsonElement ParseObject(string line)
    {
        using var document = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            _buffer.Write(buffer, offset, count);
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            _buffer.Write(buffer);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
