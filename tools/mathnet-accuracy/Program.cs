using MathNetAccuracy;

// dotnet run -c Release --project tools/mathnet-accuracy [-- --detail]
var comparison = new Comparison();
ReferenceCases.AddTo(comparison);
PcaCases.AddTo(comparison);
comparison.Print(Console.Out, args.Contains("--detail"));
Console.WriteLine();
BeyondTests.Print(Console.Out);
Console.WriteLine();
PcaCases.PrintAgreement(Console.Out);
