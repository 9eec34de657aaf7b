// One app and one Chromium per test class; on 2 cores, classes running side by side only slow each other down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
