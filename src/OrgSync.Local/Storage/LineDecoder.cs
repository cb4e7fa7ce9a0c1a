namespace OrgSync.Local.Storage;

/// <summary>Decodes one parsed log line into <paramref name="value"/>; returns why it is not valid, or null.</summary>
internal delegate string? LineDecoder<T>(FileLedgerLine line, out T value);
