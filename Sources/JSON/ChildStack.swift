/// Where the parser collects the children of the containers it is inside. A finished container
/// takes its children off the top by moving them into an array of exactly their number, so each
/// container costs one allocation, no spare capacity and no retain/release of its children.
struct ChildStack<Element>: ~Copyable {
    private var storage: UnsafeMutablePointer<Element>?
    private var capacity = 0
    private(set) var height = 0
    /// False while the stack still lives in the caller's (stack-allocated) first buffer.
    private var ownsStorage = false

    /// Starts in `buffer`, which must outlive the stack; grows onto the heap past it. Small
    /// documents then need no allocation for the stack at all.
    init(startingIn buffer: UnsafeMutableBufferPointer<Element>) {
        storage = buffer.baseAddress
        capacity = buffer.count
    }

    deinit {
        guard let storage else { return }
        storage.deinitialize(count: height)
        if ownsStorage { storage.deallocate() }
    }

    mutating func push(_ element: consuming Element) {
        if height == capacity { grow() }
        // Only an empty first buffer has no storage, and grow() has just replaced it.
        guard let storage else { return }
        (storage + height).initialize(to: element)
        height += 1
    }

    /// Removes the elements from `start` up, in order.
    mutating func pop(from start: Int) -> [Element] {
        let count = height - start
        guard count > 0, let storage else { return [] }
        // reserveCapacity + append specializes fully; Array(unsafeUninitializedCapacity:) would
        // look up the element's array metadata at run time on every call.
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for index in start..<height { elements.append((storage + index).move()) }
        height = start
        return elements
    }

    private mutating func grow() {
        let newCapacity = max(16, capacity * 2)
        let newStorage = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let storage {
            newStorage.moveInitialize(from: storage, count: height)
            if ownsStorage { storage.deallocate() }
        }
        storage = newStorage
        capacity = newCapacity
        ownsStorage = true
    }
}
