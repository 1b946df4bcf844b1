using System.Text;

namespace SliceMoE.Reporting;

/// <summary>
/// GitHub-style heading anchors ("Table 2: slices (S)" → "table-2-slices-s"): lowercase, punctuation removed,
/// spaces to hyphens, duplicates numbered -1, -2, ... in order of appearance. The HTML report uses the same
/// ids, so a link into report.md also works in report.html.
/// </summary>
internal sealed class Slugger
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public string Slug(string heading)
    {
        var sb = new StringBuilder(heading.Length);
        foreach (char c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('-');
            }
        }

        string slug = sb.Length == 0 ? "section" : sb.ToString();
        if (_seen.TryGetValue(slug, out int n))
        {
            _seen[slug] = n + 1;
            string numbered = $"{slug}-{n}";
            while (_seen.ContainsKey(numbered))
            {
                n++;
                _seen[slug] = n + 1;
                numbered = $"{slug}-{n}";
            }

            _seen[numbered] = 1;
            return numbered;
        }

        _seen[slug] = 1;
        return slug;
    }
}
