namespace SliceMoE.Data.Substitutes;

/// <summary>Finds a corpus's files whether given the fetched data set folder or the folder that holds the files themselves.</summary>
internal static class CorpusPaths
{
    /// <summary><paramref name="root"/>/<paramref name="relative"/> when that folder exists, else <paramref name="root"/> itself.</summary>
    public static string Locate(string root, string relative)
    {
        ArgumentNullException.ThrowIfNull(root);
        var inner = Path.Combine(root, relative);
        if (Directory.Exists(inner))
        {
            return inner;
        }

        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"{root} does not exist: pass the data set folder (see 'slicemoe data list') or the folder holding its files.");
        }

        return root;
    }

    /// <summary>A file that must exist, or an error naming it and how to get it.</summary>
    public static string Require(string path, string dataSet)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: fetch the data set with 'slicemoe data fetch {dataSet}'.", path);
        }

        return path;
    }

    /// <summary>Files in <paramref name="directory"/> matching <paramref name="pattern"/>, sorted ordinally so that every machine reads them in the same order.</summary>
    public static string[] Sorted(string directory, string pattern, SearchOption option = SearchOption.TopDirectoryOnly)
    {
        var files = Directory.GetFiles(directory, pattern, option);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>Subfolders of <paramref name="directory"/>, sorted ordinally.</summary>
    public static string[] SortedDirectories(string directory)
    {
        var dirs = Directory.GetDirectories(directory);
        Array.Sort(dirs, StringComparer.Ordinal);
        return dirs;
    }
}
