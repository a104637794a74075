using System;

namespace DeltaSharp;

/// <summary>
/// The table needs a protocol version or table feature that DeltaSharp cannot honour for this operation (for
/// example an unknown reader feature). <see cref="FeatureName"/> names it. Retrying does not help.
/// </summary>
public class DeltaUnsupportedFeatureException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="featureName">The feature (or "readerVersion N") that is not supported.</param>
    /// <param name="message">What DeltaSharp cannot do and why.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DeltaUnsupportedFeatureException(string featureName, string message, Exception? innerException)
        : base(message, innerException)
    {
        FeatureName = featureName;
    }

    /// <summary>Creates the exception.</summary>
    public DeltaUnsupportedFeatureException(string featureName, string message)
        : this(featureName, message, null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeltaUnsupportedFeatureException(string message)
        : this("(unknown)", message, null)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public DeltaUnsupportedFeatureException()
        : this("(unknown)", "The table uses a feature DeltaSharp does not support.", null)
    {
    }

    /// <summary>The unsupported feature's name as the protocol spells it.</summary>
    public string FeatureName { get; }
}
