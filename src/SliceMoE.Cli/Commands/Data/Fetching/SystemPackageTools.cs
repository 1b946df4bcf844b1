using System.ComponentModel;
using System.Diagnostics;

namespace SliceMoE.Data.Fetching;

/// <summary>
/// The real package tools: <c>apt-get</c>, <c>dpkg-deb</c> and <c>npm</c>, run as child processes. Debian downloads use
/// a private apt state folder (lists and caches under <paramref name="aptStateDirectory"/>, refreshed once per
/// instance), so that fetching neither depends on nor changes the system's own apt lists.
/// </summary>
/// <param name="aptStateDirectory">Private folder for apt's lists and caches, e.g. <c>&lt;cache&gt;/.apt</c>.</param>
/// <param name="timeout">Longest time one command may run.</param>
public sealed class SystemPackageTools(string aptStateDirectory, TimeSpan? timeout = null) : IPackageTools
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(15);
    private bool _aptListsReady;

    /// <inheritdoc/>
    public string DownloadDebian(string package, string directory)
    {
        EnsureAptLists();
        Run("apt-get", ["download", .. AptPrivateState(Path.Combine(aptStateDirectory, "lists")), package], directory, package);
        var debs = Directory.GetFiles(directory, package + "_*.deb");
        return debs.Length == 1
            ? debs[0]
            : throw new FetchException($"apt-get download {package} succeeded but left {debs.Length} files named {package}_*.deb in {directory}.");
    }

    /// <inheritdoc/>
    public void ExtractDebian(string debFile, string destination) =>
        Run("dpkg-deb", ["-x", debFile, destination], null, Path.GetFileName(debFile));

    /// <inheritdoc/>
    public string PackNpm(string package, string version, string directory)
    {
        Run("npm", ["pack", $"{package}@{version}", "--pack-destination", directory, "--silent"], directory, $"{package}@{version}");
        var tgz = Directory.GetFiles(directory, "*.tgz");
        return tgz.Length == 1
            ? tgz[0]
            : throw new FetchException($"npm pack {package}@{version} succeeded but left {tgz.Length} .tgz files in {directory}.");
    }

    /// <inheritdoc/>
    public void UpdateAptLists(string language, string listsDirectory)
    {
        Directory.CreateDirectory(Path.Combine(listsDirectory, "partial"));
        Run("apt-get", ["update", "-o", $"Acquire::Languages={language}", "-o", "Acquire::GzipIndexes=false", .. AptPrivateState(listsDirectory)], null, $"apt lists ({language})");
    }

    private void EnsureAptLists()
    {
        if (_aptListsReady)
        {
            return;
        }

        string lists = Path.Combine(aptStateDirectory, "lists");
        Directory.CreateDirectory(Path.Combine(lists, "partial"));
        Directory.CreateDirectory(Path.Combine(aptStateDirectory, "cache", "archives", "partial"));
        Run("apt-get", ["update", .. AptPrivateState(lists)], null, "apt package lists");
        _aptListsReady = true;
    }

    private string[] AptPrivateState(string lists) =>
        ["-o", $"Dir::State::Lists={lists}", "-o", $"Dir::Cache={Path.Combine(aptStateDirectory, "cache")}"];

    private void Run(string tool, string[] args, string? workingDirectory, string what)
    {
        string command = $"{tool} {string.Join(' ', args)}";
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["npm_config_update_notifier"] = "false";
        psi.Environment["npm_config_fund"] = "false";
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new FetchException($"Could not start '{command}'.");
        }
        catch (Win32Exception ex)
        {
            throw new FetchException($"Fetching {what} needs '{tool}', which could not be run ({ex.Message}). Command: {command}", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new FetchException($"Fetching {what} timed out after {_timeout.TotalMinutes:F0} min (is the package source slow or unreachable?). Command: {command}");
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string output = (stderr.Result + "\n" + stdout.Result).Trim();
                var tail = string.Join("\n", output.Split('\n').Where(l => l.Trim().Length > 0).TakeLast(6));
                throw new FetchException($"Fetching {what} failed: '{command}' exited with code {process.ExitCode}:\n{tail}");
            }
        }
    }
}
