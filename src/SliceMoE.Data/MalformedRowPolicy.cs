namespace SliceMoE.Data;

/// <summary>What a loader does with a row it cannot read (wrong column count, bad label, invalid UTF-8, bad JSON).</summary>
public enum MalformedRowPolicy
{
    /// <summary>Stop with a <see cref="DataFormatException"/> naming the file, line and column (the default: bad data should be seen).</summary>
    Throw,

    /// <summary>Skip the row, count it and keep its reason in the <see cref="LoadReport"/>.</summary>
    Skip,
}
