using System;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Robustness;

public static class Refusal
{
    /// <summary>
    /// Asserts that the read failed with exactly <paramref name="expected"/> (or, through an instruction file, with
    /// an <see cref="InstructionFileMismatchException"/> around exactly it), that its consumer received not one
    /// plaintext byte, that no temporary file stayed behind, and that the failure shows neither the master key,
    /// nor any data key, nor the plaintext.
    /// </summary>
    public static Exception Assert(ReadOutcome outcome, Type expected, EnvelopeTarget target)
    {
        Exception error = outcome.Error ?? throw new Xunit.Sdk.XunitException("The read succeeded.");

        // Through an instruction file the failure an envelope of another write also causes is named as such; the
        // failure itself is the inner exception.
        Exception failure = target.UsesInstructionFile && error is InstructionFileMismatchException
            ? error.InnerException!
            : error;
        Xunit.Assert.IsType(expected, failure);
        Xunit.Assert.Equal(0, outcome.BytesReleased);
        Xunit.Assert.Null(outcome.Plaintext);
        Xunit.Assert.Equal(0, outcome.FilesLeft);
        Secrets.AssertNotLeaked(error, target.MasterKeyBytes);
        Secrets.AssertNotLeaked(error, target.Plaintext);
        foreach (byte[] dataKey in target.MasterKey.Values)
        {
            Secrets.AssertNotLeaked(error, dataKey);
        }

        return error;
    }

    public static Exception Assert<T>(ReadOutcome outcome, EnvelopeTarget target)
        where T : Exception => Assert(outcome, typeof(T), target);
}
