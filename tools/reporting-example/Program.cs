// Writes the example report (report.md, report.html, figures/*.svg) into OUT_DIR:
//   dotnet run --project tools/reporting-example -c Release -- OUT_DIR   (scripts/write-reporting-example.sh wraps this)
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run --project tools/reporting-example -c Release -- OUT_DIR");
    return 2;
}

var files = SliceMoE.Reporting.ReportingExample.Write(args[0]);
Console.WriteLine($"wrote {files.Markdown}, {files.Html} and {files.Figures.Count} figures");
return 0;
