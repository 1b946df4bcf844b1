using MathNetAccuracy;

// dotnet run -c Release --project tools/mathnet-accuracy [-- --detail]
var comparison = new Comparison();
ReferenceCases.AddTo(comparison);
comparison.Print(Console.Out, args.Contains("--detail"));
Console.WriteLine();
BeyondTests.Print(Console.Out);
