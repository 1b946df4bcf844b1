using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Modules;
using SliceMoE.Text;
using SliceMoE.Training.Data;

namespace SliceMoE.Training;

/// <summary>A task's data and model behind one interface for the training loop.</summary>
public abstract class TaskRunner : IDisposable
{
    /// <summary>The model's parameters.</summary>
    public abstract ParameterStore<float> Store { get; }

    /// <summary>The tokenizer.</summary>
    public abstract ITokenizer Tokenizer { get; }

    /// <summary>Items per training epoch.</summary>
    public abstract int TrainCount { get; }

    /// <summary>Forward and backward over the training items <paramref name="indices"/>; returns the step's result and how many real tokens it processed.</summary>
    public (StepResult Result, int Tokens) Train(int[] indices, ForwardContext context, double lossScale) => Train(indices, context, _ => lossScale);

    /// <summary>
    /// As <see cref="Train(int[], ForwardContext, double)"/>, with the loss scale chosen from the number of terms the
    /// batch's loss averages over (examples, or target tokens): data parallelism weights each rank's share by it.
    /// </summary>
    public abstract (StepResult Result, int Tokens) Train(int[] indices, ForwardContext context, Func<int, double> lossScaleOfTerms);

    /// <summary>A hash of the training set's first examples (as ids), to check that several processes read the same data.</summary>
    public abstract string DataFingerprint();

    /// <summary>Metrics over a whole split.</summary>
    public abstract EvaluationResult Evaluate(string split, int batchSize, ForwardContext context);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the model.</summary>
    protected abstract void Dispose(bool disposing);
}

/// <summary>The generic runner: evaluation sums loss, hits and expert loads over the split's batches.</summary>
/// <typeparam name="TBatch">Batch type.</typeparam>
public class TaskRunner<TBatch> : TaskRunner
{
    private readonly ITaskData<TBatch> _data;
    private readonly ITrainableModel<float, TBatch> _model;
    private readonly Func<TBatch, int> _tokens;
    private readonly Func<TBatch, int> _lossTerms;
    private readonly bool _perToken;

    /// <summary>
    /// Binds data and model; <paramref name="tokens"/> counts a batch's real tokens, <paramref name="lossTerms"/> the terms
    /// its loss averages over; <paramref name="perToken"/> makes perplexity the metric.
    /// </summary>
    public TaskRunner(ITaskData<TBatch> data, ITrainableModel<float, TBatch> model, ITokenizer tokenizer, Func<TBatch, int> tokens, Func<TBatch, int> lossTerms, bool perToken)
    {
        _data = data;
        _model = model;
        _tokens = tokens;
        _lossTerms = lossTerms;
        _perToken = perToken;
        Tokenizer = tokenizer;
    }

    /// <summary>The data.</summary>
    public ITaskData<TBatch> Data => _data;

    /// <summary>The model.</summary>
    public ITrainableModel<float, TBatch> Model => _model;

    /// <inheritdoc />
    public override ParameterStore<float> Store => _model.Store;

    /// <inheritdoc />
    public override ITokenizer Tokenizer { get; }

    /// <inheritdoc />
    public override int TrainCount => _data.TrainCount;

    /// <inheritdoc />
    public override (StepResult Result, int Tokens) Train(int[] indices, ForwardContext context, Func<int, double> lossScaleOfTerms)
    {
        ArgumentNullException.ThrowIfNull(lossScaleOfTerms);
        var batch = _data.TrainBatch(indices);
        return (_model.Step(batch, context, backward: true, lossScaleOfTerms(_lossTerms(batch))), _tokens(batch));
    }

    /// <inheritdoc />
    public override string DataFingerprint()
    {
        var first = _data.TrainBatch([.. Enumerable.Range(0, Math.Min(64, _data.TrainCount))]);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(first))));
    }

    /// <inheritdoc />
    public override EvaluationResult Evaluate(string split, int batchSize, ForwardContext context)
    {
        double lossSum = 0;
        int count = 0, correct = 0;
        var loads = new LoadAccumulator();
        var predictions = new List<int>();
        foreach (var batch in _data.EvaluationBatches(split, batchSize))
        {
            var r = _model.Step(batch, context, backward: false);
            lossSum += r.Loss * r.Count;
            count += r.Count;
            correct += r.Correct;
            loads.Add(r.MoeReports);
            predictions.AddRange(r.Predictions);
        }

        double loss = count > 0 ? lossSum / count : double.NaN;
        return new EvaluationResult(split, loss, count, count > 0 ? (double)correct / count : double.NaN, _perToken ? Math.Exp(loss) : null, null, loads.Ele, loads.Load, loads.Cv2, [.. predictions]);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _model.Dispose();
        }
    }
}
