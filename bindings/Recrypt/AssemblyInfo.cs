using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Recrypt.Tests")]
