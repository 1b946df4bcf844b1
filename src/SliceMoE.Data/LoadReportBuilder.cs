namespace SliceMoE.Data;

/// <summary>Collects a <see cref="LoadReport"/> while loading and applies the <see cref="MalformedRowPolicy"/> in one place.</summary>
internal sealed class LoadReportBuilder(LoadOptions options)
{
    private readonly List<string> _reasons = [];

    public LoadOptions Options { get; } = options;

    public int Loaded { get; private set; }

    public int Skipped { get; private set; }

    public void CountLoaded(int n = 1) => Loaded += n;

    /// <summary>Throws <paramref name="error"/> under <see cref="MalformedRowPolicy.Throw"/>; otherwise counts the skip and keeps its reason.</summary>
    public void Malformed(DataFormatException error)
    {
        if (Options.OnMalformed == MalformedRowPolicy.Throw)
        {
            throw error;
        }

        Skipped++;
        if (_reasons.Count < Options.MaxReasonsKept)
        {
            _reasons.Add(error.Message);
        }
    }

    public LoadReport Build() => new(Loaded, Skipped, _reasons.ToArray());
}
