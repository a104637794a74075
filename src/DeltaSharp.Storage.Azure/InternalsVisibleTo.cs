using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("DeltaSharp.Storage.Tests")]
