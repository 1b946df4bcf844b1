namespace SliceMoE.Benchmarks.Suites.Inference;

/// <summary>One configuration's prefill or decoding throughput, with the roofline it is set against.</summary>
/// <param name="Phase">"prefill" (B prompts of T tokens from empty caches) or "decode" (one token per sequence per step after the prefill).</param>
/// <param name="Layer">"SliceMoE", "TokenMoE" or "Dense".</param>
/// <param name="Match">"flops" or "params" (<see cref="InferenceBenchmarkOptions.AllMatches"/>).</param>
/// <param name="Engine">"native", or "onnxruntime" for the exported model in ONNX Runtime.</param>
/// <param name="Batch">Sequences B.</param>
/// <param name="Context">Prompt length T (decoding runs from T to T + steps).</param>
/// <param name="Seconds">Median seconds of one prefill, or of all the decoding steps.</param>
/// <param name="TokensPerSecond">Prompt tokens (B·T) or new tokens (B·steps) per second.</param>
/// <param name="RatioToDense">Tokens/s against the Dense model run by the same engine in the same comparison, phase, batch and context.</param>
/// <param name="BytesPerToken">Bytes moved per token (<see cref="DecodeTraffic"/>).</param>
/// <param name="FlopsPerToken">Forward FLOPs per token.</param>
/// <param name="BandwidthBound">Tokens/s if the bytes moved at the bandwidth measured in this run.</param>
/// <param name="RatioToBandwidthBound">TokensPerSecond / BandwidthBound.</param>
/// <param name="ComputeBound">Tokens/s if the FLOPs ran at the FMA peak measured in this run.</param>
/// <param name="RatioToRoofline">TokensPerSecond / min(BandwidthBound, ComputeBound).</param>
/// <param name="TouchedExperts">Mean share of each MoE layer's experts that a decoding step reached (1 for a dense FFN and for prefill).</param>
/// <param name="Parameters">Parameter count of the model.</param>
/// <param name="Contended">Timed runs disturbed by other processes.</param>
/// <param name="RatioToNative">ONNX Runtime rows: tokens/s against our engine on the same model, timed in the same rounds (null for ours).</param>
public sealed record InferenceMeasurement(
    string Phase, string Layer, string Match, string Engine, int Batch, int Context, double Seconds, double TokensPerSecond, double? RatioToDense,
    double BytesPerToken, double FlopsPerToken, double BandwidthBound, double RatioToBandwidthBound, double ComputeBound, double RatioToRoofline,
    double TouchedExperts, long Parameters, int Contended, double? RatioToNative = null);

/// <summary>One FFN layer's inference forward on N rows alone, as decoding sees it, with the MoE layer's phases.</summary>
/// <param name="Layer">"SliceMoE", "TokenMoE" or "Dense".</param>
/// <param name="Match">"flops" or "params".</param>
/// <param name="Rows">N.</param>
/// <param name="Seconds">Median seconds of one forward.</param>
/// <param name="RatioToDense">The dense FFN's seconds over this layer's (above 1: faster than dense).</param>
/// <param name="Parts">Seconds per forward of each MoE phase (router, dispatch, expert GEMMs, combine); empty for the dense FFN.</param>
/// <param name="Contended">Timed runs disturbed by other processes.</param>
public sealed record SmallBatchMeasurement(string Layer, string Match, int Rows, double Seconds, double? RatioToDense, IReadOnlyDictionary<string, double> Parts, int Contended);

/// <summary>Everything one run of <see cref="InferenceBenchmark"/> measured.</summary>
/// <param name="PeakGflops">The FMA peak, measured first.</param>
/// <param name="BandwidthGBps">The memory read bandwidth (<see cref="Measurement.MemoryBandwidth"/>), measured first.</param>
/// <param name="Models">Prefill and decoding of whole models.</param>
/// <param name="SmallBatches">The FFN layers alone at tiny N.</param>
public sealed record InferenceResults(double PeakGflops, double BandwidthGBps, IReadOnlyList<InferenceMeasurement> Models, IReadOnlyList<SmallBatchMeasurement> SmallBatches);
