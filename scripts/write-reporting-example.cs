#:project ../src/SliceMoE/SliceMoE.csproj
#:property PublishAot=false
// Writes the example report: dotnet run scripts/write-reporting-example.cs -- OUT_DIR
// (scripts/write-reporting-example.sh wraps this).
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run scripts/write-reporting-example.cs -- OUT_DIR");
    return 2;
}

var files = SliceMoE.Reporting.ReportingExample.Write(args[0]);
Console.WriteLine($"wrote {files.Markdown}, {files.Html} and {files.Figures.Count} figures");
return 0;
