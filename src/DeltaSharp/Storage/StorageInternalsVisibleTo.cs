using System.Runtime.CompilerServices;

// The cloud stores share the key validation and lifetime checks of the core stores, so every store accepts the
// same keys and fails the same way; the storage tests exercise the internal bridge and helpers directly.
[assembly: InternalsVisibleTo("DeltaSharp.Storage.S3")]
[assembly: InternalsVisibleTo("DeltaSharp.Storage.Azure")]
[assembly: InternalsVisibleTo("DeltaSharp.Storage.Tests")]
