namespace SliceMoE.Training.Data;

/// <summary>A task's encoded data: batches for training (by index) and for evaluation (in order).</summary>
/// <typeparam name="TBatch">Batch type.</typeparam>
public interface ITaskData<out TBatch>
{
    /// <summary>Training items per epoch (examples, chunks or pairs).</summary>
    int TrainCount { get; }

    /// <summary>A training batch of the given items.</summary>
    TBatch TrainBatch(int[] indices);

    /// <summary>Evaluation batches over "validation" or "test", in order.</summary>
    IEnumerable<TBatch> EvaluationBatches(string split, int batchSize);
}
