namespace SliceMoE.Text;

/// <summary>
/// A vocabulary, merges, embeddings or cache file that does not have the expected format. The message
/// names the file, where in it the problem is, what is wrong and how to fix it.
/// </summary>
public sealed class TextDataFormatException : FormatException
{
    /// <summary>Creates the exception from its parts; the message is <c>"{filePath}: {position}: {problem} {fix}"</c>.</summary>
    public TextDataFormatException(string filePath, string position, string problem, string fix, Exception? innerException = null)
        : base($"{filePath}: {position}: {problem} {fix}", innerException)
    {
        FilePath = filePath;
        Position = position;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>The file that is malformed.</summary>
    public string FilePath { get; }

    /// <summary>Where in the file, e.g. <c>line 12</c> or <c>byte 4096</c>.</summary>
    public string Position { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>How to fix it.</summary>
    public string Fix { get; }
}
